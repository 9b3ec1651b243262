import { Navigate } from 'react-router';
import { RequireAuth } from '../components/require-auth.tsx';

/** "Me" is your own profile; signed-out visitors are sent to log in first. */
export function MePage() {
  return <RequireAuth>{(me) => <Navigate to={`/u/${me.handle}`} replace />}</RequireAuth>;
}
