/** Saves bytes the app fetched through the client as a download, then lets the memory go. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the object URL a moment after the click; it is freed once the download surely began.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
