import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.ts';
import { HttpTransport } from './api/http-transport.ts';
import { App } from './app/App.tsx';
import { setClient } from './stores/client-ref.ts';
import { useSession } from './stores/session-store.ts';
import './styles/theme.css';

// In a browser the UI is served by `serve` itself, so the API is on the same origin.
setClient(createClient(new HttpTransport(window.location.origin, () => useSession.getState().token)));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App needsSignIn />
  </StrictMode>,
);
