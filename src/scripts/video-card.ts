/**
 * Click-to-play video cards in notes: nothing is requested from YouTube or Facebook until the
 * reader clicks; then the card's play link becomes the player's iframe. Only the two embed origins the
 * CSP's frame-src allows are accepted, whatever the page's HTML says.
 */
const EMBED_ORIGINS = ['https://www.youtube-nocookie.com/embed/', 'https://www.facebook.com/plugins/video.php?'];

export function setUpVideoCards(root: ParentNode = document): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLAnchorElement>('a.video-card-play');
    const src = button?.dataset.videoSrc;
    if (!button || !src || !EMBED_ORIGINS.some((origin) => src.startsWith(origin))) return;
    event.preventDefault();
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.title = button.getAttribute('aria-label') ?? 'วิดีโอ';
    frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
    frame.allowFullscreen = true;
    frame.referrerPolicy = 'strict-origin-when-cross-origin';
    frame.className = 'video-card-frame';
    button.replaceWith(frame);
  });
}
