// Routes. The server answers every non-/api GET with index.html, so all of these are client-side.
// Each page is its own chunk, loaded when its route is first shown: a visitor who opens a shared
// note downloads the shell and the note page, not the composer, settings and every other page.
import { type ComponentType, lazy, Suspense } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { AppShell } from './components/app-shell.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { LanguageSync } from './i18n/language-sync.tsx';

/** A lazily loaded page from a module's named export (pages are named exports, React.lazy wants a default). */
function page<K extends string, P extends object>(load: () => Promise<{ [N in K]: ComponentType<P> }>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const AboutPage = page(() => import('./pages/about-page.tsx'), 'AboutPage');
const BoardPage = page(() => import('./pages/board-page.tsx'), 'BoardPage');
const ComposePage = page(() => import('./pages/compose/compose-page.tsx'), 'ComposePage');
const FollowListPage = page(() => import('./pages/follow-list-page.tsx'), 'FollowListPage');
const HomePage = page(() => import('./pages/home-page.tsx'), 'HomePage');
const LogInPage = page(() => import('./pages/login-page.tsx'), 'LogInPage');
const MePage = page(() => import('./pages/me-page.tsx'), 'MePage');
const NotePage = page(() => import('./pages/note/note-page.tsx'), 'NotePage');
const NotificationsPage = page(() => import('./pages/notifications-page.tsx'), 'NotificationsPage');
const MessagesPage = page(() => import('./pages/messages/messages-page.tsx'), 'MessagesPage');
const ChatPage = page(() => import('./pages/messages/chat-page.tsx'), 'ChatPage');
const GroupSettingsPage = page(() => import('./pages/messages/group-settings-page.tsx'), 'GroupSettingsPage');
const JoinPage = page(() => import('./pages/messages/join-page.tsx'), 'JoinPage');
const RoomsPage = page(() => import('./pages/rooms/rooms-page.tsx'), 'RoomsPage');
const RoomPage = page(() => import('./pages/rooms/room-page.tsx'), 'RoomPage');
const NotFoundPage = page(() => import('./pages/placeholder-pages.tsx'), 'NotFoundPage');
const ProfilePage = page(() => import('./pages/profile-page.tsx'), 'ProfilePage');
const SearchPage = page(() => import('./pages/search-page.tsx'), 'SearchPage');
const SettingsPage = page(() => import('./pages/settings-page.tsx'), 'SettingsPage');
const SettingsProfilePage = page(() => import('./pages/settings-profile-page.tsx'), 'SettingsProfilePage');
const SettingsSessionsPage = page(() => import('./pages/settings-sessions-page.tsx'), 'SettingsSessionsPage');
const MyWordsPage = page(() => import('./pages/my-words-page.tsx'), 'MyWordsPage');
const SignUpPage = page(() => import('./pages/signup-page.tsx'), 'SignUpPage');
const TagPage = page(() => import('./pages/tag-page.tsx'), 'TagPage');
const NoticesPage = page(() => import('./pages/notices-page.tsx'), 'NoticesPage');
const SettingsSafetyPage = page(() => import('./pages/settings-safety-page.tsx'), 'SettingsSafetyPage');
const ModQueuePage = page(() => import('./pages/mod/mod-queue-page.tsx'), 'ModQueuePage');
const CasePage = page(() => import('./pages/mod/case-page.tsx'), 'CasePage');
const ProbationPage = page(() => import('./pages/mod/probation-page.tsx'), 'ProbationPage');
const AuditPage = page(() => import('./pages/mod/audit-page.tsx'), 'AuditPage');
const FiltersPage = page(() => import('./pages/mod/filters-page.tsx'), 'FiltersPage');
const DataPage = page(() => import('./pages/data/data-page.tsx'), 'DataPage');
const ImportPage = page(() => import('./pages/data/import-page.tsx'), 'ImportPage');
const DraftsPage = page(() => import('./pages/data/drafts-page.tsx'), 'DraftsPage');
const ImportedCommentsPage = page(() => import('./pages/data/imported-comments-page.tsx'), 'ImportedCommentsPage');
const AccountDeletedPage = page(() => import('./pages/data/account-deleted-page.tsx'), 'AccountDeletedPage');

/** While a page's chunk loads, the shell stays and the page area stays empty (a blink, not a spinner). */
function Pages() {
  return (
    <Suspense fallback={null}>
      <Outlet />
    </Suspense>
  );
}

export function App() {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <LanguageSync />
      <Routes>
        <Route element={<Pages />}>
          <Route path="/signup" element={<SignUpPage />} />
          <Route path="/login" element={<LogInPage />} />
        </Route>
        <Route element={<AppShell />}>
          <Route element={<Pages />}>
            <Route index element={<HomePage />} />
            <Route path="search" element={<SearchPage />} />
            {/* Explore was the search tab's placeholder: its address now opens search. */}
            <Route path="explore" element={<Navigate to="/search" replace />} />
            <Route path="about" element={<AboutPage />} />
            <Route path="compose" element={<ComposePage />} />
            <Route path="n/:id" element={<NotePage />} />
            <Route path="messages" element={<MessagesPage />} />
            <Route path="messages/:id" element={<ChatPage />} />
            <Route path="messages/:id/settings" element={<GroupSettingsPage />} />
            <Route path="join/:token" element={<JoinPage />} />
            <Route path="rooms" element={<RoomsPage />} />
            <Route path="rooms/:id" element={<RoomPage />} />
            <Route path="notifications" element={<NotificationsPage />} />
            <Route path="me" element={<MePage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="settings/profile" element={<SettingsProfilePage />} />
            <Route path="settings/sessions" element={<SettingsSessionsPage />} />
            <Route path="settings/safety" element={<SettingsSafetyPage />} />
            <Route path="settings/data" element={<DataPage />} />
            <Route path="settings/data/imports/:id" element={<ImportPage />} />
            <Route path="me/drafts" element={<DraftsPage />} />
            <Route path="me/imported-comments" element={<ImportedCommentsPage />} />
            <Route path="account-deleted" element={<AccountDeletedPage />} />
            <Route path="me/words" element={<MyWordsPage />} />
            <Route path="me/moderation" element={<NoticesPage />} />
            <Route path="mod" element={<ModQueuePage />} />
            <Route path="mod/cases/:id" element={<CasePage />} />
            <Route path="mod/new-accounts" element={<ProbationPage />} />
            <Route path="mod/audit" element={<AuditPage />} />
            <Route path="mod/filters" element={<FiltersPage />} />
            <Route path="u/:handle" element={<ProfilePage />} />
            <Route path="u/:handle/collects" element={<ProfilePage />} />
            <Route path="u/:handle/boards" element={<ProfilePage />} />
            <Route path="b/:id" element={<BoardPage />} />
            <Route path="t/:tag" element={<TagPage />} />
            <Route path="u/:handle/followers" element={<FollowListPage key="followers" kind="followers" />} />
            <Route path="u/:handle/following" element={<FollowListPage key="following" kind="following" />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </ErrorBoundary>
  );
}
