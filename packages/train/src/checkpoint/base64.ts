const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) CODES[ALPHABET.charCodeAt(i)] = i;

const ENCODE = new Uint8Array(64);
for (let i = 0; i < 64; i++) ENCODE[i] = ALPHABET.charCodeAt(i);
const PAD = 61; // '='
const ASCII = new TextDecoder('latin1');

/** Standard base64 (RFC 4648 §4, with `=` padding) of bytes. @internal */
export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o] = ENCODE[v >> 18]!;
    out[o + 1] = ENCODE[(v >> 12) & 63]!;
    out[o + 2] = ENCODE[(v >> 6) & 63]!;
    out[o + 3] = ENCODE[v & 63]!;
    o += 4;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out[o] = ENCODE[v >> 18]!;
    out[o + 1] = ENCODE[(v >> 12) & 63]!;
    out[o + 2] = PAD;
    out[o + 3] = PAD;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out[o] = ENCODE[v >> 18]!;
    out[o + 1] = ENCODE[(v >> 12) & 63]!;
    out[o + 2] = ENCODE[(v >> 6) & 63]!;
    out[o + 3] = PAD;
  }
  // Every byte is ASCII, which latin1 decodes one to one.
  return ASCII.decode(out);
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
  const full = pad === 0 ? s.length : s.length - 4; // groups without padding
  const code = (i: number): number => {
    const ch = s.charCodeAt(i);
    return ch < 128 ? CODES[ch]! : 255;
  };
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const a = code(i);
    const b = code(i + 1);
    const c = code(i + 2);
    const d = code(i + 3);
    if ((a | b | c | d) > 63) return invalidAt(s, i);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = v >> 16;
    out[o + 1] = (v >> 8) & 255;
    out[o + 2] = v & 255;
    o += 3;
  }
  if (pad > 0) {
    const i = full;
    const a = code(i);
    const b = code(i + 1);
    const c = pad === 1 ? code(i + 2) : 0;
    if ((a | b | c) > 63) return invalidAt(s, i);
    const v = (a << 18) | (b << 12) | (c << 6);
    if ((pad === 2 ? v & 0xffff : v & 0xff) !== 0) return 'non-zero base64 padding bits';
    out[o] = v >> 16;
    if (pad === 1) out[o + 1] = (v >> 8) & 255;
  }
  return out;
}

/** The message for the first invalid character at or after `from`. */
function invalidAt(s: string, from: number): string {
  let i = from;
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch >= 128 || CODES[ch] === 255) break;
    i++;
  }
  return `invalid base64 character ${JSON.stringify(s[i])} at ${i}`;
}
