import type { HostPort } from '../core/config/runtime.ts';

export interface PortNotice {
  message: string;
  detail: string;
}

/**
 * The first-run explanation of port 25: shown when MX Standby is not
 * listening where its settings say (in practice, port 25 could not be had
 * and it fell back to 2525). Mail servers on the internet deliver only to
 * port 25, so the owner has to choose one of these ways.
 */
export function portNotice(platform: NodeJS.Platform, wanted: HostPort, actual: HostPort): PortNotice | null {
  if (wanted.port === actual.port) return null;
  const port = actual.port;
  const forward = `Forward port 25 on your router (or firewall) to port ${port} of this computer. Nothing else needs to change, and MX Standby keeps running without special rights.`;
  const ways: string[] = [];
  if (platform === 'linux') {
    ways.push(
      `1. ${forward}`,
      '2. Or let programs of ordinary users open port 25 (run once as an administrator):\n' +
        '     echo net.ipv4.ip_unprivileged_port_start=25 | sudo tee /etc/sysctl.d/50-mx-standby.conf\n' +
        '     sudo sysctl --system\n' +
        '   then quit MX Standby and start it again.',
      `3. Or redirect port 25 to ${port} in the firewall, for example:\n` +
        `     sudo iptables -t nat -A PREROUTING -p tcp --dport 25 -j REDIRECT --to-ports ${port}`,
      '4. Or run the headless server (mx-standby serve) as a system service with the capability to bind port 25 (see the README); the desktop app and the service cannot use the same data folder at once.',
    );
  } else if (platform === 'darwin') {
    ways.push(
      `1. ${forward}`,
      '2. Or listen on all addresses: macOS lets any program open port 25 on 0.0.0.0 (the default), but not on one particular address. Set the address mail is received on (smtpListen) to 0.0.0.0:25 in Settings and start MX Standby again.',
      '3. If another program (another mail server) has port 25, stop it, or use the forward above.',
    );
  } else {
    ways.push(
      '1. Another program, often a mail server, already uses port 25. Stop it and start MX Standby again,',
      `2. Or forward port 25 on your router to port ${port} of this computer.`,
      'Windows may also ask whether MX Standby may accept connections: allow it for the networks mail comes from.',
    );
  }
  return {
    message: `MX Standby receives mail on port ${port}, not ${wanted.port}`,
    detail: `Mail servers on the internet deliver only to port 25, and MX Standby could not open it, so it listens on port ${port} for now. Choose one way to fix this:\n\n${ways.join('\n\n')}`,
  };
}
