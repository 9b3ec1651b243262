// README.txt of an export archive: what each file holds, from what each module says of its files.
import type { PersonalData } from '../../../platform/personal-data.ts';

export function archiveReadme(opts: { handle: string; instance: string; createdAt: string; modules: readonly PersonalData[] }): string {
  const lines = [
    'Your Biji archive',
    '=================',
    '',
    `Account: @${opts.handle} on ${opts.instance}`,
    `Made: ${opts.createdAt} (times in the files are UTC, ISO-8601)`,
    '',
    'Everything Biji holds about you, in open formats: JSON files (UTF-8, one array of objects each',
    'unless said otherwise), your original photos and videos (without their metadata, as Biji keeps',
    'them), following_accounts.csv (your follows, in the format Mastodon imports under Preferences →',
    'Import and export) and outbox.json (your notes as ActivityStreams 2.0, as the fediverse reads them).',
    'Ids are as Biji stores them, so files refer to each other (a comment names its note by id).',
    '',
    'Files',
    '-----',
  ];
  const files = opts.modules.flatMap((m) => Object.entries(m.files)).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.min(40, Math.max(...files.map(([p]) => p.length), 10));
  for (const [path, what] of files) lines.push(`${path.padEnd(width)}  ${what}`);
  lines.push('', 'Not included: your password (only a hash of it is kept) and session secrets.', '');
  return lines.join('\n');
}
