/**
 * The CBOR subset Pagefind writes its index files in (definite-length arrays and maps, integers,
 * text and byte strings, true/false/null), read and written byte for byte as Pagefind does: an
 * unchanged value encodes to the same bytes (tests/integration/search-removal.test.ts checks this
 * on real bundles). Enough to take pages out of a bundle (prune.ts); not a general CBOR library.
 *
 * NOTE: a 10,000-note shard holds about a million word locations. prune.ts therefore walks chunks
 * with CborReader and copies untouched parts as raw bytes instead of decoding them to values.
 */

export type CborValue = number | string | Uint8Array | boolean | null | CborValue[] | Map<CborValue, CborValue>;

const text = new TextDecoder('utf-8', { fatal: true });

/** A cursor over CBOR bytes. */
export class CborReader {
  at = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Reads an item's head: its major type and argument (a length, or an integer's value). */
  head(): { major: number; n: number } {
    if (this.at >= this.bytes.length) throw new Error('Truncated CBOR');
    const initial = this.bytes[this.at++]!;
    const major = initial >> 5;
    const info = initial & 31;
    if (major === 7) return { major, n: info };
    if (info < 24) return { major, n: info };
    if (info === 24) return { major, n: this.bytes[this.at++]! };
    if (info === 25) return ((this.at += 2), { major, n: this.view.getUint16(this.at - 2) });
    if (info === 26) return ((this.at += 4), { major, n: this.view.getUint32(this.at - 4) });
    if (info === 27) {
      this.at += 8;
      const value = this.view.getBigUint64(this.at - 8);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('CBOR integer too large');
      return { major, n: Number(value) };
    }
    throw new Error(`Unsupported CBOR length encoding ${info}`);
  }

  /** Reads the head of an array and returns its length. */
  arrayLength(): number {
    const { major, n } = this.head();
    if (major !== 4) throw new Error(`Expected a CBOR array, found major type ${major}`);
    return n;
  }

  /** Reads an unsigned integer. */
  uint(): number {
    const { major, n } = this.head();
    if (major !== 0) throw new Error(`Expected a CBOR unsigned integer, found major type ${major}`);
    return n;
  }

  /** Moves past one whole item without building it. */
  skip(): void {
    const { major, n } = this.head();
    if (major === 2 || major === 3) this.at += n;
    else if (major === 4) for (let i = 0; i < n; i++) this.skip();
    else if (major === 5) for (let i = 0; i < 2 * n; i++) this.skip();
    else if (major === 7 && (n < 20 || n > 22)) throw new Error(`Unsupported CBOR simple value ${n}`);
    if (this.at > this.bytes.length) throw new Error('Truncated CBOR');
  }

  /** Reads one item as a value. */
  value(): CborValue {
    const { major, n } = this.head();
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        return ((this.at += n), this.bytes.slice(this.at - n, this.at));
      case 3:
        return ((this.at += n), text.decode(this.bytes.subarray(this.at - n, this.at)));
      case 4: {
        const items: CborValue[] = [];
        for (let i = 0; i < n; i++) items.push(this.value());
        return items;
      }
      case 5: {
        const map = new Map<CborValue, CborValue>();
        for (let i = 0; i < n; i++) map.set(this.value(), this.value());
        return map;
      }
      default:
        if (n === 20) return false;
        if (n === 21) return true;
        if (n === 22) return null;
        throw new Error(`Unsupported CBOR simple value ${n}`);
    }
  }
}

/** Builds CBOR in one growing buffer, with the shortest argument encodings (as minicbor, Pagefind's encoder, does). */
export class CborWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.alloc(initialBytes);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  head(major: number, n: number): this {
    this.reserve(9);
    const type = major << 5;
    if (n < 24) {
      this.buffer[this.length++] = type | n;
    } else if (n < 0x100) {
      this.buffer[this.length++] = type | 24;
      this.buffer[this.length++] = n;
    } else if (n < 0x10000) {
      this.buffer[this.length++] = type | 25;
      this.buffer.writeUInt16BE(n, this.length);
      this.length += 2;
    } else if (n < 0x100000000) {
      this.buffer[this.length++] = type | 26;
      this.buffer.writeUInt32BE(n, this.length);
      this.length += 4;
    } else {
      this.buffer[this.length++] = type | 27;
      this.buffer.writeBigUInt64BE(BigInt(n), this.length);
      this.length += 8;
    }
    return this;
  }

  /** Appends bytes that are already CBOR (an item copied from a reader). */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  value(v: CborValue): this {
    if (v === false || v === true || v === null) return this.raw(Uint8Array.of(v === null ? 0xf6 : v ? 0xf5 : 0xf4));
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new Error('Only integers are supported');
      return v >= 0 ? this.head(0, v) : this.head(1, -1 - v);
    }
    if (typeof v === 'string') {
      const bytes = Buffer.from(v, 'utf8');
      return this.head(3, bytes.length).raw(bytes);
    }
    if (v instanceof Uint8Array) return this.head(2, v.length).raw(v);
    if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const item of v) this.value(item);
      return this;
    }
    this.head(5, v.size);
    for (const [key, entry] of v) this.value(key).value(entry);
    return this;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** Decodes one CBOR value that fills `bytes`. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const reader = new CborReader(bytes);
  const value = reader.value();
  if (reader.at !== bytes.length) throw new Error('Trailing bytes after CBOR value');
  return value;
}

/** Encodes `value`. */
export function encodeCbor(value: CborValue): Buffer {
  return new CborWriter().value(value).bytes();
}
