const escape = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** What a browser at / shows until the UI is built: where it would be and how to use the API meanwhile. */
export function notBuiltPage(root: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>MX Standby</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; } code { background: #eee; padding: 0 .25rem; }</style>
</head>
<body>
<h1>MX Standby is running</h1>
<p>The web interface is not built yet: there is no <code>index.html</code> in <code>${escape(root)}</code>.</p>
<p>To build it, run <code>npm run build</code> in the MX Standby folder, then reload this page.</p>
<p>Meanwhile the server works as usual, and the command line tells you how it is doing:
<code>npx mx-standby status</code> and <code>npx mx-standby queue</code>.
The admin API is at <code>/api/v1</code> (described in <code>/api/v1/openapi.json</code>); it needs the header
<code>Authorization: Bearer TOKEN</code> with the token from the file <code>admin-token</code> in the data folder.</p>
</body>
</html>
`;
}
