// The newest modification time under a file or folder (0 when it does not exist): what the builds'
// --if-stale compares with their last output.
import fs from 'node:fs';
import path from 'node:path';

export function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}
