const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) CODES[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 (RFC 4648 §4, with `=` padding) of bytes. @internal */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      s += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
    }
    if (end - i === 1) {
      const v = bytes[i]! << 16;
      s += `${ALPHABET[v >> 18]!}${ALPHABET[(v >> 12) & 63]!}==`;
    } else if (end - i === 2) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
      s += `${ALPHABET[v >> 18]!}${ALPHABET[(v >> 12) & 63]!}${ALPHABET[(v >> 6) & 63]!}=`;
    }
    parts.push(s);
  }
  return parts.join('');
}

/**
 * Decodes canonical standard base64: length a multiple of 4, only the alphabet, `=` only as the final
 * padding, zero padding bits. Anything else (whitespace, URL-safe letters, truncation) is an error.
 * @returns The bytes, or a string saying what is wrong.
 * @internal
 */
export function fromBase64(s: string): Uint8Array | string {
  if (s.length % 4 !== 0) return `base64 length ${s.length} is not a multiple of 4`;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const n = (s.length / 4) * 3 - pad;
  const out = new Uint8Array(n);
  const body = s.length - pad;
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < body; i++) {
    const ch = s.charCodeAt(i);
    const v = ch < 128 ? CODES[ch]! : 255;
    if (v === 255) return `invalid base64 character ${JSON.stringify(s[i])} at ${i}`;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o < n) out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return 'non-zero base64 padding bits';
  return out;
}
