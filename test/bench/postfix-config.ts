export interface PostfixLayout {
  /** The temp folder holding everything below. */
  root: string;
  /** Holds main.cf and master.cf: the -c directory. */
  configDir: string;
  queueDir: string;
  dataDir: string;
  maillog: string;
}

/**
 * main.cf for a backup MX of example.test: relays only to that domain, and
 * only to the primary at 127.0.0.1:primaryPort. Durability stays at Postfix's
 * default (queue files are fsynced before the 250). Nothing listens beyond
 * loopback and nothing is delivered locally.
 */
export function mainCf(layout: PostfixLayout, primaryPort: number): string {
  const settings: Record<string, string> = {
    compatibility_level: '3.6',
    queue_directory: layout.queueDir,
    data_directory: layout.dataDir,
    myhostname: 'postfix-backup.test',
    mydestination: '',
    inet_interfaces: '127.0.0.1',
    inet_protocols: 'ipv4',
    // Loopback clients must not get relay rights from mynetworks: the bench
    // client stands for the Internet, which may only send to relay_domains.
    mynetworks: '',
    relay_domains: 'example.test',
    transport_maps: `inline:{ example.test=smtp:[127.0.0.1]:${primaryPort} }`,
    smtpd_relay_restrictions: 'reject_unauth_destination',
    // The default 10 MB limit would refuse the 25 MB messages; MX Standby's default is 50 MiB.
    message_size_limit: '52428800',
    maillog_file: layout.maillog,
    maillog_file_prefixes: layout.root,
    alias_maps: '',
    alias_database: '',
    smtputf8_enable: 'no',
  };
  return Object.entries(settings)
    .map(([name, value]) => `${name} = ${value}`)
    .join('\n')
    .concat('\n');
}

/**
 * master.cf with Postfix's stock services, none chrooted (the chroot would
 * need copies of /etc files), and smtpd on 127.0.0.1:smtpPort. pickup is
 * needed even with no local submission: `postqueue -f` refuses to flush
 * without it. postlog writes maillog_file.
 */
export function masterCf(smtpPort: number): string {
  const services = [
    `127.0.0.1:${smtpPort} inet n - n - - smtpd`,
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'showq unix n - n - - showq',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
  return services.join('\n').concat('\n');
}
