/** Line wrapping of the CLI's help texts. */

/** `line` broken at spaces into lines of at most `width` characters, continued at column `indent`. */
export function wrap(line: string, indent: number, width = 100): string {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(" ", width);
    if (cut <= indent) break;
    out.push(rest.slice(0, cut));
    rest = " ".repeat(indent) + rest.slice(cut + 1);
  }
  return [...out, rest].join("\n");
}
