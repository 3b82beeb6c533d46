import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client';
import type { PlatformStatus } from '../api/types';

export interface Session {
  client: ApiClient;
  caller: PlatformStatus['caller'];
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session; pages render only inside one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside a signed-in page.');
  return session;
}
