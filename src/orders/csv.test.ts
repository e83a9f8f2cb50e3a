import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv';

describe('csvCell', () => {
  it('leaves plain values alone and empties null', () => {
    expect(csvCell('ord_123')).toBe('ord_123');
    expect(csvCell(500)).toBe('500');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)'])
      expect(csvCell(formula)).toBe(`'${formula}`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes a cell with a separator inside, so no part of it starts a cell (";" locales)', () => {
    expect(csvCell('x;=1+1')).toBe('"x;=1+1"');
    expect(csvCell('a;+1;-1;@SUM(A1)')).toBe('"a;+1;-1;@SUM(A1)"');
    expect(csvCell('x\t=1')).toBe('"x\t=1"');
    expect(csvCell('x,=1')).toBe('"x,=1"');
    expect(csvCell('=1;=2')).toBe(`"'=1;=2"`);
  });
});

describe('csvRow', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvRow(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });
});
