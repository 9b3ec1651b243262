// A small Aho–Corasick automaton: every occurrence of many literal patterns in one pass over the
// text, whatever the number of patterns (the Chinese list holds hundreds, admins add thousands).
// Works on UTF-16 code units, which is exact for literal matching; no library in the tree does this.

export interface Occurrence<P> {
  /** [start, end) in the searched text, in UTF-16 code units */
  start: number;
  end: number;
  payload: P;
}

export class Automaton<P> {
  /** goto edges per state */
  private readonly next: Array<Map<number, number>> = [new Map()];
  private readonly fail: number[] = [0];
  /** the patterns ending at each state (its own; the others are reached through `dict`) */
  private readonly outputs: Array<Array<{ length: number; payload: P }> | null> = [null];
  /** the nearest state down the failure chain that has outputs (-1: none) */
  private dict: Int32Array = new Int32Array(1);
  private built = false;

  add(pattern: string, payload: P): void {
    if (this.built) throw new Error('the automaton is already built');
    if (pattern.length === 0) return;
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let t = this.next[s]?.get(c);
      if (t === undefined) {
        t = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.outputs.push(null);
        this.next[s]?.set(c, t);
      }
      s = t;
    }
    const out = this.outputs[s] ?? [];
    out.push({ length: pattern.length, payload });
    this.outputs[s] = out;
  }

  /** Computes failure links, breadth first. */
  build(): this {
    this.dict = new Int32Array(this.next.length).fill(-1);
    const queue: number[] = [];
    for (const t of this.next[0]?.values() ?? []) queue.push(t);
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head] as number;
      for (const [c, t] of this.next[s] ?? []) {
        let f = this.fail[s] as number;
        while (f !== 0 && !this.next[f]?.has(c)) f = this.fail[f] as number;
        const g = this.next[f]?.get(c);
        const ft = g !== undefined && g !== t ? g : 0;
        this.fail[t] = ft;
        this.dict[t] = this.outputs[ft] ? ft : (this.dict[ft] as number);
        queue.push(t);
      }
    }
    this.built = true;
    return this;
  }

  get empty(): boolean {
    return this.next.length === 1;
  }

  /** Every occurrence of every pattern in `text`. */
  search(text: string, found: (o: Occurrence<P>) => void): void {
    if (!this.built) throw new Error('build the automaton first');
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let t = this.next[s]?.get(c);
      while (t === undefined && s !== 0) {
        s = this.fail[s] as number;
        t = this.next[s]?.get(c);
      }
      s = t ?? 0;
      for (let o = this.outputs[s] ? s : (this.dict[s] as number); o > 0; o = this.dict[o] as number) {
        for (const out of this.outputs[o] ?? []) found({ start: i + 1 - out.length, end: i + 1, payload: out.payload });
      }
    }
  }
}
