/** Built in the admin-UI issue by its own change; shown here so the shell can be exercised. */
export function Settings() {
  return <p className="empty">Settings</p>;
}
