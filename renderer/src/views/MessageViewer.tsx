/** Built in the admin-UI issue by its own change; shown here so the shell can be exercised. */
export function MessageViewer({ id }: { id: string }) {
  return <p className="empty">Message {id}</p>;
}
