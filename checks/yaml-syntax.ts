import { suggestion } from '../src/lint-fix.js';
import { defineCheck, type FindingInput, type MessageArgs, type MessageRef } from '../src/types.js';
import { lintFile, registriesFact, textHints } from '../src/check-helpers.js';

type Phrase = { messageId: string; re: RegExp; args?: string[] };
/**
 * The parser's error texts (eemeli/yaml 2.x, plus our own size limit), so that they are translated
 * with the message: each is a phrase of `messages` whose English text is the parser's own, with the
 * variable parts (token types, characters, tag names) kept verbatim. `flow` names a phrase too.
 * A text not listed here is quoted as is.
 */
const PARSER_PHRASES: Phrase[] = [
  { messageId: 'yaml.unexpectedAtEnd', re: /^Unexpected (\S+) at node end$/, args: ['token'] },
  { messageId: 'yaml.unexpectedToken', re: /^Unexpected (\S+) token$/, args: ['token'] },
  { messageId: 'yaml.unexpectedInStream', re: /^Unexpected (\S+) token in YAML stream$/, args: ['token'] },
  { messageId: 'yaml.unexpectedInDocument', re: /^Unexpected (\S+) token in YAML document$/, args: ['token'] },
  { messageId: 'yaml.unexpectedComma', re: /^Unexpected , in (flow map|flow sequence)$/, args: ['flow'] },
  { messageId: 'yaml.unexpectedEmpty', re: /^Unexpected empty item in (flow map|flow sequence)$/, args: ['flow'] },
  { messageId: 'yaml.unexpectedIn', re: /^Unexpected (\S+) in (flow map|flow sequence|collection)$/, args: ['token', 'flow'] },
  { messageId: 'yaml.unexpectedDocEnd', re: /^Unexpected doc-end without preceding document$/ },
  { messageId: 'yaml.seqIndOnKeyLine', re: /^Unexpected block-seq-ind on same line with key$/ },
  { messageId: 'yaml.expectedFlowScalar', re: /^Expected a flow scalar value, but found: (\S+)$/, args: ['token'] },
  { messageId: 'yaml.missingComma', re: /^Missing , between (flow map|flow sequence) items$/, args: ['flow'] },
  { messageId: 'yaml.missingCommaColon', re: /^Missing , or : between (flow map|flow sequence) items$/, args: ['flow'] },
  { messageId: 'yaml.missingSpaceAfterColon', re: /^Missing space after : in (flow map|flow sequence)$/, args: ['flow'] },
  { messageId: 'yaml.flowEnd', re: /^(Flow map|Flow sequence) must end with a (\S+)$/, args: ['flow', 'end'] },
  { messageId: 'yaml.flowEndIndent', re: /^(Flow map|Flow sequence) in block collection must be sufficiently indented and end with a (\S+)$/, args: ['flow', 'end'] },
  { messageId: 'yaml.flowEndIndicator', re: /^Flow end indicator should be more indented than parent$/ },
  { messageId: 'yaml.blockInFlow', re: /^Block collections are not allowed within flow collections$/ },
  { messageId: 'yaml.unclosedDouble', re: /^Missing closing "quote$/ },
  { messageId: 'yaml.unclosedSingle', re: /^Missing closing 'quote$/ },
  { messageId: 'yaml.keyWithoutValue', re: /^Implicit map keys need to be followed by map values$/ },
  { messageId: 'yaml.nestedCompact', re: /^Nested mappings are not allowed in compact mappings$/ },
  { messageId: 'yaml.seqAsKey', re: /^A block sequence may not be used as an implicit map key$/ },
  { messageId: 'yaml.multilineKey', re: /^Implicit keys need to be on a single line$/ },
  { messageId: 'yaml.multilineFlowKey', re: /^Implicit keys of flow sequence pairs need to be on a single line$/ },
  { messageId: 'yaml.longKey', re: /^The : indicator must be at most 1024 chars after the start of an implicit (block mapping|flow sequence) key$/, args: ['kind'] },
  { messageId: 'yaml.mapColumn', re: /^All mapping items must start at the same column$/ },
  { messageId: 'yaml.seqColumn', re: /^All sequence items must start at the same column$/ },
  { messageId: 'yaml.seqWithoutDash', re: /^Sequence item without - indicator$/ },
  { messageId: 'yaml.seqPropsNewline', re: /^Missing newline after block sequence props$/ },
  { messageId: 'yaml.startTab', re: /^Plain value cannot start with a tab character$/ },
  { messageId: 'yaml.startFlowChar', re: /^Plain value cannot start with flow indicator character (\S+)$/, args: ['char'] },
  { messageId: 'yaml.startDirective', re: /^Plain value cannot start with directive indicator character (\S+)$/, args: ['char'] },
  { messageId: 'yaml.startBlockChar', re: /^Plain value cannot start with block scalar indicator (\S+)$/, args: ['char'] },
  { messageId: 'yaml.startReserved', re: /^Plain value cannot start with reserved character (\S+)$/, args: ['char'] },
  { messageId: 'yaml.scalarStart', re: /^Plain value cannot start with ([\s\S]+)$/, args: ['char'] },
  { messageId: 'yaml.badEscape', re: /^Invalid escape sequence ([\s\S]+)$/, args: ['sequence'] },
  { messageId: 'yaml.commentSpace', re: /^Comments must be separated from other tokens by white space characters$/ },
  { messageId: 'yaml.propSpace', re: /^Tags and anchors must be separated from the next token by white space$/ },
  { messageId: 'yaml.propOrder', re: /^Anchors and tags must be after the (\S+) indicator$/, args: ['indicator'] },
  { messageId: 'yaml.aliasProps', re: /^An alias node must not specify any properties$/ },
  { messageId: 'yaml.emptyAlias', re: /^Alias cannot be an empty string$/ },
  { messageId: 'yaml.emptyAnchor', re: /^Anchor cannot be an empty string$/ },
  { messageId: 'yaml.aliasColon', re: /^Alias ending in : is ambiguous$/ },
  { messageId: 'yaml.anchorColon', re: /^Anchor ending in : is ambiguous$/ },
  { messageId: 'yaml.twoAnchors', re: /^A node can have at most one anchor$/ },
  { messageId: 'yaml.twoTags', re: /^A node can have at most one tag$/ },
  { messageId: 'yaml.unresolvedTag', re: /^Unresolved tag: ([\s\S]+)$/, args: ['tag'] },
  { messageId: 'yaml.blockScalarIndent', re: /^Block scalar values in collections must be indented$/ },
  { messageId: 'yaml.blockScalarLessIndented', re: /^Block scalar lines must not be less indented than their (explicit indentation indicator|first line)$/, args: ['than'] },
  { messageId: 'yaml.blockScalarLeadingEmpty', re: /^Block scalars with more-indented leading empty lines must use an explicit indentation indicator$/ },
  { messageId: 'yaml.blockScalarHeader', re: /^Block scalar header includes extra characters: ([\s\S]+)$/, args: ['chars'] },
  { messageId: 'yaml.multipleDocs', re: /^Source contains multiple documents; please use YAML\.parseAllDocuments\(\)$/ },
  { messageId: 'yaml.tooLarge', re: /^document expands to more than (\d+) nodes \(alias bomb or deep nesting\)$/, args: ['max'] },
];

/** Variable words of the parser's texts that are language, as phrases of `messages`. */
const WORDS: Record<string, MessageRef> = {
  'flow map': { messageId: 'yaml.flowMap' },
  'Flow map': { messageId: 'yaml.FlowMap' },
  'flow sequence': { messageId: 'yaml.flowSeq' },
  'Flow sequence': { messageId: 'yaml.FlowSeq' },
  collection: { messageId: 'yaml.collection' },
  'block mapping': { messageId: 'yaml.blockMapping' },
  'explicit indentation indicator': { messageId: 'yaml.indentIndicator' },
  'first line': { messageId: 'yaml.firstLine' },
};

/**
 * The parser's error text as a phrase of `messages` (translated), or as is when unknown. The parser
 * appends the offending source, JSON-quoted, to its lexer's texts ("…: \"]\""); that part stays verbatim.
 */
function parserError(text: string): MessageRef | string {
  const known = phrase(text);
  if (known) return known;
  const m = /^([\s\S]+?): ("(?:[^"\\]|\\.)*")$/.exec(text);
  const head = m ? phrase(m[1]!) : null;
  return head ? { messageId: 'yaml.withSource', args: { error: head, source: m![2] } } : text;
}

function phrase(text: string): MessageRef | null {
  for (const p of PARSER_PHRASES) {
    const m = p.re.exec(text);
    if (!m) continue;
    const args: MessageArgs = {};
    (p.args ?? []).forEach((name, i) => {
      const v = m[i + 1]!;
      args[name] = WORDS[v] ?? v;
    });
    return { messageId: p.messageId, args };
  }
  return null;
}

/**
 * DOMAIN §1.1: K3s parses with yaml.v2; a parse error makes K3s, and so Rancher, fail to start.
 * Tab indentation is reported by yaml-tabs (this check waits for it); an unquoted `*` key and a
 * credential starting with a YAML indicator get their own wording (DOMAIN §1.2 "the asterisk MUST
 * be quoted", §1.7).
 */
export default defineCheck({
  id: 'yaml-syntax',
  title: 'registries.yaml parses as YAML',
  failTitle: 'registries.yaml is not valid YAML',
  stage: 'lint',
  requires: ['registriesFile'],
  after: ['yaml-tabs'],
  spec: ['§1.1', '§1.2', '§1.7'],
  fixable: ['unquotedStar', 'indicatorValue'],
  messages: {
    parseError: 'YAML error: {error}. K3s cannot parse this file, so it fails to start and Rancher exits ("k3s exited with: …").',
    unquotedStar: 'Unquoted `*` key: YAML reads `*` as an alias, so the file does not parse and K3s fails to start.',
    'unquotedStar.fix': 'Quote the wildcard: write "*": instead of *:.',
    indicatorValue: 'The value of `{key}` starts with or contains "{indicator}", which YAML reads as syntax, so the file does not parse and K3s fails to start.',
    'indicatorValue.fix': 'Put the value of `{key}` in single quotes (double any single quote inside it).',
    'yaml.unexpectedAtEnd': 'Unexpected {token} at node end',
    'yaml.unexpectedToken': 'Unexpected {token} token',
    'yaml.unexpectedInStream': 'Unexpected {token} token in YAML stream',
    'yaml.unexpectedInDocument': 'Unexpected {token} token in YAML document',
    'yaml.unexpectedComma': 'Unexpected , in {flow}',
    'yaml.unexpectedEmpty': 'Unexpected empty item in {flow}',
    'yaml.unexpectedIn': 'Unexpected {token} in {flow}',
    'yaml.unexpectedDocEnd': 'Unexpected doc-end without preceding document',
    'yaml.seqIndOnKeyLine': 'Unexpected block-seq-ind on same line with key',
    'yaml.expectedFlowScalar': 'Expected a flow scalar value, but found: {token}',
    'yaml.missingComma': 'Missing , between {flow} items',
    'yaml.missingCommaColon': 'Missing , or : between {flow} items',
    'yaml.missingSpaceAfterColon': 'Missing space after : in {flow}',
    'yaml.flowEnd': '{flow} must end with a {end}',
    'yaml.flowEndIndent': '{flow} in block collection must be sufficiently indented and end with a {end}',
    'yaml.flowEndIndicator': 'Flow end indicator should be more indented than parent',
    'yaml.blockInFlow': 'Block collections are not allowed within flow collections',
    'yaml.unclosedDouble': 'Missing closing "quote',
    'yaml.unclosedSingle': 'Missing closing \'quote',
    'yaml.keyWithoutValue': 'Implicit map keys need to be followed by map values',
    'yaml.nestedCompact': 'Nested mappings are not allowed in compact mappings',
    'yaml.seqAsKey': 'A block sequence may not be used as an implicit map key',
    'yaml.multilineKey': 'Implicit keys need to be on a single line',
    'yaml.multilineFlowKey': 'Implicit keys of flow sequence pairs need to be on a single line',
    'yaml.longKey': 'The : indicator must be at most 1024 chars after the start of an implicit {kind} key',
    'yaml.mapColumn': 'All mapping items must start at the same column',
    'yaml.seqColumn': 'All sequence items must start at the same column',
    'yaml.seqWithoutDash': 'Sequence item without - indicator',
    'yaml.seqPropsNewline': 'Missing newline after block sequence props',
    'yaml.startTab': 'Plain value cannot start with a tab character',
    'yaml.startFlowChar': 'Plain value cannot start with flow indicator character {char}',
    'yaml.startDirective': 'Plain value cannot start with directive indicator character {char}',
    'yaml.startBlockChar': 'Plain value cannot start with block scalar indicator {char}',
    'yaml.startReserved': 'Plain value cannot start with reserved character {char}',
    'yaml.scalarStart': 'Plain value cannot start with {char}',
    'yaml.withSource': '{error}: {source}',
    'yaml.badEscape': 'Invalid escape sequence {sequence}',
    'yaml.commentSpace': 'Comments must be separated from other tokens by white space characters',
    'yaml.propSpace': 'Tags and anchors must be separated from the next token by white space',
    'yaml.propOrder': 'Anchors and tags must be after the {indicator} indicator',
    'yaml.aliasProps': 'An alias node must not specify any properties',
    'yaml.emptyAlias': 'Alias cannot be an empty string',
    'yaml.emptyAnchor': 'Anchor cannot be an empty string',
    'yaml.aliasColon': 'Alias ending in : is ambiguous',
    'yaml.anchorColon': 'Anchor ending in : is ambiguous',
    'yaml.twoAnchors': 'A node can have at most one anchor',
    'yaml.twoTags': 'A node can have at most one tag',
    'yaml.unresolvedTag': 'Unresolved tag: {tag}',
    'yaml.blockScalarIndent': 'Block scalar values in collections must be indented',
    'yaml.blockScalarLessIndented': 'Block scalar lines must not be less indented than their {than}',
    'yaml.blockScalarLeadingEmpty': 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator',
    'yaml.blockScalarHeader': 'Block scalar header includes extra characters: {chars}',
    'yaml.multipleDocs': 'Source contains multiple documents; please use YAML.parseAllDocuments()',
    'yaml.tooLarge': 'document expands to more than {max} nodes (alias bomb or deep nesting)',
    'yaml.flowMap': 'flow map',
    'yaml.FlowMap': 'Flow map',
    'yaml.flowSeq': 'flow sequence',
    'yaml.FlowSeq': 'Flow sequence',
    'yaml.collection': 'collection',
    'yaml.blockMapping': 'block mapping',
    'yaml.indentIndicator': 'explicit indentation indicator',
    'yaml.firstLine': 'first line',
  },
  remediation: 'Fix the YAML at the position shown. Indent with spaces (never tabs) and quote values that start with a YAML indicator (* & ! % @ ` { [ #).',
  run(facts, ctx) {
    const fact = registriesFact(facts);
    const file = lintFile(ctx);
    const hints = textHints(facts);
    const out: FindingInput[] = [];
    const seenLines = new Set<string>();
    for (const e of fact.yaml.errors) {
      if (e.code === 'TAB_AS_INDENT') continue;
      const hint = hints.find((h) => h.line === e.line || (h.kind === 'star' && h.line === e.line - 1));
      if (hint) {
        const key = `${hint.kind}:${hint.line}`;
        if (seenLines.has(key)) continue;
        seenLines.add(key);
        out.push(
          hint.kind === 'star'
            ? { status: 'fail', messageId: 'unquotedStar', location: { file, line: hint.line, column: hint.col }, data: { code: e.code, fix: suggestion({ op: 'quote', line: hint.line, column: hint.col, length: 1, style: 'double' }) } }
            : { status: 'fail', messageId: 'indicatorValue', args: { key: hint.key, indicator: hint.indicator }, location: { file, line: hint.line, column: hint.col }, data: { code: e.code, key: hint.key, fix: hint.quotable ? suggestion({ op: 'quote', line: hint.line, column: hint.col, length: null, style: 'single' }) : null } },
        );
        continue;
      }
      out.push({ status: 'fail', messageId: 'parseError', args: { error: parserError(e.message) }, location: { file, line: e.line, column: e.col }, data: { code: e.code } });
    }
    return out;
  },
});
