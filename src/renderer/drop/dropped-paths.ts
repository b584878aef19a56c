/**
 * Reading folder paths out of a drop (pure, so it is testable without a desktop shell).
 */

/** Whether a drag carries files (text or links dragged over the window are not ours). */
export function isFileDrag(types: readonly string[]): boolean {
  return types.includes('Files');
}

/**
 * Filesystem paths of dropped items via the desktop bridge's `getPathForFile`; items without a
 * path (dragged from a browser, virtual files) are skipped.
 */
export function droppedPaths(files: readonly File[], getPathForFile: (file: File) => string): string[] {
  const paths: string[] = [];
  for (const file of files) {
    let path = '';
    try {
      path = getPathForFile(file);
    } catch {
      // Not a real file on disk.
    }
    if (path) paths.push(path);
  }
  return paths;
}
