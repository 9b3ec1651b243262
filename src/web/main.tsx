// Entry point: global styles, i18n, the query client and the router around <App />.
// Global styles first, so component styles (imported by App) come later in the cascade.
import './styles/tokens.css';
import './styles/base.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { accountKeys, forgetSessionHint } from './api/accounts.ts';
import { ApiError, isApiError } from './api/client.ts';
import { App } from './app.tsx';
import { initI18n } from './i18n/index.ts';

initI18n();

// A 401 anywhere means the session ended (expired, revoked on another device): show it as signed out.
const onError = (error: unknown) => {
  if (isApiError(error) && error.status === 401) {
    forgetSessionHint();
    queryClient.setQueryData(accountKeys.me(), null);
  }
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // Retry only what a retry can fix: network trouble and 5xx, never a 4xx.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
      staleTime: 15_000,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// As a transition, the first render yields to the browser every few milliseconds instead of holding
// the main thread for the whole tree (on a slow phone that was one task of several hundred ms).
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
