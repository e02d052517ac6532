/** Built in the admin-UI issue by its own change; shown here so the shell can be exercised. */
export function HeldMail() {
  return <p className="empty">HeldMail</p>;
}
