import './logo.css';

/** The wordmark: a red tile with 笔 and the Latin name beside it. */
export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  return (
    <span className={`logo logo--${size}`}>
      <span className="logo__tile" lang="zh-CN" aria-hidden="true">
        笔
      </span>
      <span className="logo__name">Biji</span>
    </span>
  );
}
