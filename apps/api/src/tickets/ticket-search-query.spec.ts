import {
  MAX_SEARCH_TERMS,
  parseSearchQuery,
  SearchQuery,
  toFts5,
  toFts5All,
  toFts5Any,
  toTsQuery,
  toTsQueryAll,
  toTsQueryAny,
} from './ticket-search-query';

/** The query in a compact form: `+word`, `+"a phrase"`, `-word`, `*` after a prefix. */
function terms(query: SearchQuery): string[] {
  const show = (sign: string) => (t: { tokens: string[]; prefix: boolean }) =>
    `${sign}${t.tokens.length > 1 ? `"${t.tokens.join(' ')}"` : t.tokens[0]}${t.prefix ? '*' : ''}`;
  return [...query.include.map(show('+')), ...query.exclude.map(show('-'))];
}

describe('parseSearchQuery', () => {
  it.each<[string, string[]]>([
    ['printer', ['+printer*']],
    ['Printer JAMS', ['+printer', '+jams*']],
    ['  printer   jams  ', ['+printer', '+jams*']],
    ['"paper jam" printer', ['+"paper jam"', '+printer*']],
    ['printer "paper jam"', ['+printer', '+"paper jam"']],
    ['printer -toner', ['+printer', '-toner']],
    ['-toner printer', ['+printer*', '-toner']],
    ['printer -"paper jam"', ['+printer', '-"paper jam"']],
    ['printer --toner', ['+printer', '-toner']],
    // The last word is a prefix from three characters.
    ['printer pr', ['+printer', '+pr']],
    ['printer pri', ['+printer', '+pri*']],
    // A word the indexes split is a phrase of its parts; its last part can be a prefix.
    ['e-mail', ['+"e mail"*']],
    ['TICK-2026', ['+"tick 2026"*']],
    ['foo.bar', ['+"foo bar"*']],
    // Letters with accents, other scripts, digits.
    ['Übersicht café', ['+übersicht', '+café*']],
    ['日本語 テスト', ['+日本語', '+テスト*']],
    ['50%', ['+50']],
  ])('%j', (input, expected) => {
    expect(terms(parseSearchQuery(input))).toEqual(expected);
  });

  it.each<[string, string[]]>([
    // Syntax of FTS5 or tsquery is only words here, or nothing.
    ['printer OR scanner', ['+printer', '+or', '+scanner*']],
    ['NEAR(printer scanner)', ['+"near printer"', '+scanner*']],
    ['subject:printer', ['+"subject printer"*']],
    ['printer*', ['+printer*']],
    ['*', []],
    ['printer & !toner | (jam)', ['+printer', '+toner', '+jam*']],
    ["it's", ['+"it s"']],
    ['^printer', ['+printer*']],
    // A lone or trailing `-` negates nothing; an unbalanced quote is ignored.
    ['-', []],
    ['printer -', ['+printer*']],
    ['- printer', ['+printer*']],
    ['"', []],
    ['"printer', ['+printer*']],
    ['printer "paper jam', ['+printer', '+paper', '+jam*']],
    ['"a" "', ['+a']],
    ['""', []],
    ['-"', []],
    ['"-toner"', ['+toner']],
    // Only exclusions: nothing to include, so nothing matches.
    ['-toner', ['-toner']],
    ['\u0000\u0001\t\n', []],
    ['\u0301\u0301', []],
  ])('treats syntax as words: %j', (input, expected) => {
    expect(terms(parseSearchQuery(input))).toEqual(expected);
  });

  it('drops duplicates and keeps at most MAX_SEARCH_TERMS of each kind', () => {
    expect(terms(parseSearchQuery('jam jam -toner -toner jam'))).toEqual(['+jam', '+jam*', '-toner']);
    const many = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const query = parseSearchQuery(`${many.join(' ')} ${many.map((w) => `-x${w}`).join(' ')}`);
    expect(query.include).toHaveLength(MAX_SEARCH_TERMS);
    expect(query.exclude).toHaveLength(MAX_SEARCH_TERMS);
  });

  it('never throws, whatever the input', () => {
    const alphabet = [
      '"',
      '-',
      '*',
      ' ',
      'a',
      'é',
      '(',
      ')',
      ':',
      '^',
      '\u0000',
      '\\',
      "'",
      'OR',
      'NEAR',
      '😀',
    ];
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      let input = '';
      for (let i = 0; i < 12; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        input += alphabet[seed % alphabet.length];
      }
      const query = parseSearchQuery(input);
      for (const term of [...query.include, ...query.exclude]) {
        expect(term.tokens.length).toBeGreaterThan(0);
        for (const token of term.tokens) expect(token).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u);
      }
    }
  });
});

describe('toFts5 and toTsQuery', () => {
  const [printer, phrase] = parseSearchQuery('"paper jam" printe').include.reverse();

  it('writes FTS5 phrases, with * after a prefix', () => {
    expect(toFts5(printer)).toBe('"printe"*');
    expect(toFts5(phrase)).toBe('"paper jam"');
    expect(toFts5Any([printer, phrase])).toBe('"printe"* OR "paper jam"');
    expect(toFts5All([printer, phrase])).toBe('"printe"* AND "paper jam"');
  });

  it('writes tsquery through websearch_to_tsquery, and to_tsquery with :* for a prefix', () => {
    expect(toTsQuery(phrase)).toEqual({ sql: "websearch_to_tsquery('simple', ?)", params: ['"paper jam"'] });
    expect(toTsQuery(printer)).toEqual({
      sql: "(websearch_to_tsquery('simple', ?) || to_tsquery('simple', ?))",
      params: ['"printe"', "'printe':*"],
    });
    expect(toTsQuery(parseSearchQuery('tick-2026').include[0]).params).toEqual([
      '"tick 2026"',
      "'tick' <-> '2026':*",
    ]);
    expect(toTsQueryAny([printer, phrase]).sql).toBe(
      "((websearch_to_tsquery('simple', ?) || to_tsquery('simple', ?)) || websearch_to_tsquery('simple', ?))",
    );
    const printerSql = "(websearch_to_tsquery('simple', ?) || to_tsquery('simple', ?))";
    const phraseSql = "websearch_to_tsquery('simple', ?)";
    expect(toTsQueryAll([printer, phrase])).toEqual({
      sql: `(case when numnode(${printerSql}) = 0 or numnode(${phraseSql}) = 0 then null::tsquery else ${printerSql} && ${phraseSql} end)`,
      params: ['"printe"', "'printe':*", '"paper jam"', '"printe"', "'printe':*", '"paper jam"'],
    });
  });
});
