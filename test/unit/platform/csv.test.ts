import { describe, expect, it } from 'vitest';
import { csvChunks } from '../../../admin/src/lib/csv-chunks.ts';
import { csvRecords, parseCsv, toCsv } from '../../../server/csv.ts';

describe('server/csv', () => {
  it('parses quoted commas, quotes and line breaks, and leaves blank rows out', () => {
    const text = 'email,name\r\n"a@x.test","Doe, ""Jo""\nJr."\n\n , \nb@x.test,B\n';
    expect(parseCsv(text)).toEqual([
      ['email', 'name'],
      ['a@x.test', 'Doe, "Jo"\nJr.'],
      ['b@x.test', 'B'],
    ]);
    expect(csvRecords(text).map((r) => r.raw)).toEqual(['email,name', '"a@x.test","Doe, ""Jo""\nJr."', 'b@x.test,B']);
  });

  it('reads back what it writes, formulas neutralised', () => {
    expect(parseCsv(toCsv([['=1+1', 'a,b', 'say "hi"']]))).toEqual([["'=1+1", 'a,b', 'say "hi"']]);
  });

  it("splits a file for upload into chunks the server's parser reads as the same records", () => {
    const rows = Array.from({ length: 50 }, (_, i) => `r${i}@x.test,"Name ${i}\nwith a line break, and ""quotes"""`);
    const text = `\uFEFFemail,name\n${rows.join('\r\n')}\n`;
    const chunks = csvChunks(text, 400);
    expect(chunks.length).toBeGreaterThan(5);
    const records = chunks.flatMap((c, i) => {
      const [header, ...rest] = parseCsv(c.csv);
      expect(header).toEqual(['email', 'name']);
      expect(c.offset).toBe(chunks.slice(0, i).reduce((n, p) => n + parseCsv(p.csv).length - 1, 0));
      return rest;
    });
    expect(records).toEqual(parseCsv(text.slice(1)).slice(1));
  });
});
