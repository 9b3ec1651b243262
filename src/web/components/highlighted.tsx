// Text with the words a search matched in <mark>: built as React text nodes, never as HTML.
import { highlightRuns } from '../lib/highlight.ts';
import './highlighted.css';

export function Highlighted({ text, words }: { text: string; words: readonly string[] | undefined }) {
  if (!words || words.length === 0) return <>{text}</>;
  return (
    <>
      {highlightRuns(text, words).map((run, i) =>
        run.hit ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs are the text's pieces in order; they have nothing but their place
          <mark key={i} className="hl">
            {run.text}
          </mark>
        ) : (
          run.text
        ),
      )}
    </>
  );
}
