// Routes. The server answers every non-/api GET with index.html, so all of these are client-side.
import { Route, Routes, useLocation } from 'react-router';
import { AppShell } from './components/app-shell.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { LanguageSync } from './i18n/language-sync.tsx';
import { BoardPage } from './pages/board-page.tsx';
import { ComposePage } from './pages/compose/compose-page.tsx';
import { FollowListPage } from './pages/follow-list-page.tsx';
import { LogInPage } from './pages/login-page.tsx';
import { MePage } from './pages/me-page.tsx';
import { NotePage } from './pages/note/note-page.tsx';
import { NotificationsPage } from './pages/notifications-page.tsx';
import { ExplorePage, HomePage, MessagesPage, NotFoundPage } from './pages/placeholder-pages.tsx';
import { ProfilePage } from './pages/profile-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { SettingsProfilePage } from './pages/settings-profile-page.tsx';
import { SettingsSessionsPage } from './pages/settings-sessions-page.tsx';
import { SignUpPage } from './pages/signup-page.tsx';
import { TagPage } from './pages/tag-page.tsx';

export function App() {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <LanguageSync />
      <Routes>
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/login" element={<LogInPage />} />
        <Route element={<AppShell />}>
          <Route index element={<HomePage />} />
          <Route path="explore" element={<ExplorePage />} />
          <Route path="compose" element={<ComposePage />} />
          <Route path="n/:id" element={<NotePage />} />
          <Route path="messages" element={<MessagesPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="me" element={<MePage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="settings/profile" element={<SettingsProfilePage />} />
          <Route path="settings/sessions" element={<SettingsSessionsPage />} />
          <Route path="u/:handle" element={<ProfilePage />} />
          <Route path="u/:handle/collects" element={<ProfilePage />} />
          <Route path="u/:handle/boards" element={<ProfilePage />} />
          <Route path="b/:id" element={<BoardPage />} />
          <Route path="t/:tag" element={<TagPage />} />
          <Route path="u/:handle/followers" element={<FollowListPage key="followers" kind="followers" />} />
          <Route path="u/:handle/following" element={<FollowListPage key="following" kind="following" />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ErrorBoundary>
  );
}
