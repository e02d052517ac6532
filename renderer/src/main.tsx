import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.ts';
import { HttpTransport } from './api/http-transport.ts';
import { desktopBridge, IpcTransport } from './api/ipc-transport.ts';
import { App } from './app/App.tsx';
import { signInFromAddress } from './app/sign-in-from-address.ts';
import { setClient } from './stores/client-ref.ts';
import { useSession } from './stores/session-store.ts';
import './styles/theme.css';

// Inside the desktop app the preload offers the contract over IPC (window.mxStandby), with no sign-in.
// In a browser the UI is served by `serve` itself, so the API is on the same origin.
const bridge = desktopBridge(window);
const session = useSession.getState;
setClient(
  createClient(
    bridge ? new IpcTransport(bridge) : new HttpTransport(window.location.origin, () => session().token, () => session().expire()),
  ),
);

if (bridge === null) void signInFromAddress();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App needsSignIn={bridge === null} />
  </StrictMode>,
);
