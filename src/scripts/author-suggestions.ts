/**
 * Suggests authors while their name is typed into the search page's author filter, from the
 * people directory's JSON (/api/people?q=). Choosing one fills the username; the server also
 * accepts a typed display name (src/lib/server/author-filter.ts), so this only saves typing.
 */
const SUGGEST_DELAY_MS = 250;

interface PersonItem {
  username: string;
  displayName: string;
  organisation?: string | null;
}

export function wireAuthorSuggestions(input: HTMLInputElement, list: HTMLDataListElement): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const typed = input.value.trim();
    if (typed.length < 1 || list.querySelector(`option[value="${CSS.escape(typed)}"]`)) return;
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`/api/people?q=${encodeURIComponent(typed)}`, { signal: controller.signal });
        if (!response.ok) return;
        const { items } = (await response.json()) as { items: PersonItem[] };
        list.replaceChildren(
          ...items.slice(0, 8).map((person) => {
            const option = document.createElement('option');
            option.value = person.username;
            option.label = person.organisation ? `${person.displayName} · ${person.organisation}` : person.displayName;
            return option;
          }),
        );
      } catch {
        // Suggestions are a convenience: typing the name still works.
      }
    }, SUGGEST_DELAY_MS);
  });
}
