import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv.js';

describe('csvField', () => {
  it('quotes a field holding a comma, a quote or a line break, doubling its quotes (RFC 4180)', () => {
    expect([csvField('plain'), csvField('a,b'), csvField('say "hi"'), csvField('two\nlines'), csvField('cr\rhere')]).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\rhere"']);
  });

  it('writes nothing for a missing value and numbers as they are', () => {
    expect([csvField(null), csvField(undefined), csvField(''), csvField(0), csvField(33.5), csvField(-2), csvField(NaN), csvField(Infinity), csvField(true)]).toEqual(['', '', '', '0', '33.5', '-2', '', '', 'true']);
  });

  it('defuses a text a spreadsheet would run as a formula, whatever character starts it', () => {
    expect(['=1+1', '+1', '-x', '@sum(A1)', '\t=1', '\r=1'].map(csvField)).toEqual(["'=1+1", "'+1", "'-x", "'@sum(A1)", "'\t=1", `"'\r=1"`]);
    // Defused first, then quoted: the apostrophe ends up inside the quotes.
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    // Only at the start: a formula sign inside a text is harmless.
    expect(csvField('a=b')).toBe('a=b');
  });
});

describe('csvLine', () => {
  it('joins the fields of a row with commas', () => {
    expect(csvLine(['Sales, EU', 2, null, '=x'])).toBe(`"Sales, EU",2,,'=x`);
  });
});
