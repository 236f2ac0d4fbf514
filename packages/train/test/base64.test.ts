import { fc } from '@stepwise/testing';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../src/checkpoint/base64.js';
import { crc32 } from '../src/checkpoint/crc32.js';

describe('base64 (internal)', () => {
  it('agrees with Node’s Buffer and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const s = toBase64(bytes);
        expect(s).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromBase64(s)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects non-canonical input', () => {
    expect(fromBase64('QQ=')).toMatch(/not a multiple of 4/);
    expect(fromBase64('QR==')).toMatch(/non-zero base64 padding bits/);
    expect(fromBase64('QUI=')).toEqual(Uint8Array.of(65, 66));
    expect(fromBase64('QUJ=')).toMatch(/non-zero base64 padding bits/);
    expect(fromBase64('Q-==')).toMatch(/invalid base64 character "-" at 1/);
    expect(fromBase64('AAAA=AAA')).toMatch(/invalid base64 character "=" at 4/);
    expect(fromBase64('AAAé')).toMatch(/invalid base64 character "é" at 3/);
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });

  it('crc32 is the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});
