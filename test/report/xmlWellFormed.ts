/**
 * A tiny XML well-formedness check for the SVG the reports embed: tags nest and
 * close in order, attributes are name="value" pairs, and text holds no bare '<'
 * or '&' outside an entity. Enough to catch a broken or truncated SVG.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    checkText(xml.slice(last, m.index), problems);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else if (!selfClosing) stack.push(name as string);
  }
  checkText(xml.slice(last), problems);
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

function checkText(text: string, problems: string[]): void {
  if (text.includes('<')) problems.push(`a '<' that starts no well-formed tag near: ${text.slice(text.indexOf('<'), text.indexOf('<') + 60)}`);
  const amp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
  if (amp) problems.push(`a bare '&' near: ${text.slice(amp.index, amp.index + 30)}`);
}
