/**
 * The arithmetic a prompt asks about, worked out as Python would print it, for the simulator's answers
 * with code execution: integers exact (Python's are unbounded), `/` a float, `**` right-associative and
 * binding tighter than a unary minus. Only + - * / ** and parentheses; no eval.
 */

export type Arithmetic = { expression: string; printed: string } | { expression: string; error: string };

type PyNumber = bigint | number;

/** The largest power worked out: Python would, but a simulator answer need not wait for it. */
const MOST_EXPONENT = 4096n;

/** The first run of numbers and operators in `text` that is a whole expression; undefined when none is. */
export function arithmeticIn(text: string): Arithmetic | undefined {
  for (const candidate of text.match(/[\d(][\d\s.+\-*/()]*[\d)]/g) ?? []) {
    const expression = candidate.trim();
    if (!/\d\s*(\*\*|[+\-*/])\s*[\d(]/.test(expression)) continue;
    const tokens = expression.match(/\d+(?:\.\d+)?|\*\*|[+\-*/()]|\S/g) ?? [];
    try {
      const parser = new Parser(tokens);
      const value = parser.expression();
      if (!parser.done()) continue;
      return { expression, printed: printed(value) };
    } catch (error) {
      if (error instanceof PythonError) return { expression, error: error.message };
      // Not an expression after all (unbalanced, a power too large): the next run may be.
    }
  }
  return undefined;
}

/** An exception the Python code raises. */
class PythonError extends Error {}

class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly string[]) {}

  done(): boolean {
    return this.at === this.tokens.length;
  }

  expression(): PyNumber {
    let value = this.term();
    for (let next = this.peek(); next === "+" || next === "-"; next = this.peek()) {
      this.at++;
      const right = this.term();
      value =
        next === "+"
          ? combine(
              value,
              right,
              (a, b) => a + b,
              (a, b) => a + b,
            )
          : combine(
              value,
              right,
              (a, b) => a - b,
              (a, b) => a - b,
            );
    }
    return value;
  }

  private term(): PyNumber {
    let value = this.unary();
    for (let next = this.peek(); next === "*" || next === "/"; next = this.peek()) {
      this.at++;
      const right = this.unary();
      value =
        next === "*"
          ? combine(
              value,
              right,
              (a, b) => a * b,
              (a, b) => a * b,
            )
          : divide(value, right);
    }
    return value;
  }

  private unary(): PyNumber {
    if (this.peek() === "-") {
      this.at++;
      const value = this.unary();
      return typeof value === "bigint" ? -value : -value;
    }
    if (this.peek() === "+") {
      this.at++;
      return this.unary();
    }
    return this.power();
  }

  private power(): PyNumber {
    const base = this.atom();
    if (this.peek() !== "**") return base;
    this.at++;
    return raise(base, this.unary());
  }

  private atom(): PyNumber {
    const token = this.tokens[this.at++];
    if (token === "(") {
      const value = this.expression();
      if (this.tokens[this.at++] !== ")") throw new SyntaxError("unbalanced parentheses");
      return value;
    }
    if (token !== undefined && /^\d+$/.test(token)) return BigInt(token);
    if (token !== undefined && /^\d+\.\d+$/.test(token)) return Number(token);
    throw new SyntaxError(`unexpected ${token ?? "end"}`);
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }
}

function combine(
  left: PyNumber,
  right: PyNumber,
  integers: (a: bigint, b: bigint) => bigint,
  floats: (a: number, b: number) => number,
): PyNumber {
  if (typeof left === "bigint" && typeof right === "bigint") return integers(left, right);
  return floats(Number(left), Number(right));
}

function divide(left: PyNumber, right: PyNumber): number {
  if (Number(right) === 0) throw new PythonError("ZeroDivisionError: division by zero");
  return Number(left) / Number(right);
}

function raise(base: PyNumber, exponent: PyNumber): PyNumber {
  if (typeof base === "bigint" && typeof exponent === "bigint" && exponent >= 0n) {
    if (exponent > MOST_EXPONENT) throw new RangeError("too large a power");
    return base ** exponent;
  }
  return Number(base) ** Number(exponent);
}

/** As Python's print shows it: a float that is whole keeps its `.0`. */
function printed(value: PyNumber): string {
  if (typeof value === "bigint") return value.toString();
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(1) : String(value);
}
