import { create } from 'zustand';

const KEY = 'mx-standby-token';

export interface SessionState {
  /** The admin token for this browser tab; null until signed in. Inside the desktop app there is no sign-in. */
  token: string | null;
  signIn: (token: string) => void;
  signOut: () => void;
}

/** The session lives in this tab only (sessionStorage): closing the tab signs out. */
export const useSession = create<SessionState>((set) => ({
  token: sessionStorage.getItem(KEY),
  signIn: (token) => {
    sessionStorage.setItem(KEY, token);
    set({ token });
  },
  signOut: () => {
    sessionStorage.removeItem(KEY);
    set({ token: null });
  },
}));
