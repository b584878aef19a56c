/**
 * Whether this page's WebGL is drawn in software (no usable GPU: a virtual machine, a remote
 * desktop, a blocklisted driver, headless Chromium). Chromium then rasterizes WebGL with
 * SwiftShader on the CPU and copies every canvas frame back for compositing, so each flooding
 * pane drawn with WebGL costs the CPU a redraw per frame. Measured with bench/echo-browser (seven
 * coloured floods, one shell typed in, software GL): WebGL in every pane gave a keystroke's echo
 * a median of 350–381 ms and the floods 1.9 MB/s; WebGL for the focused pane only (the others on
 * xterm's DOM renderer) 150–208 ms and 3.5–4.9 MB/s (alternating runs, load 6–9). With a GPU, every
 * visible pane keeps WebGL.
 */

/** Renderer strings of software rasterizers (Chromium's SwiftShader, Mesa's llvmpipe/softpipe, Windows' WARP). */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE.test(renderer);
}

/**
 * The WebGL renderer's name, from a throwaway context (given back at once), or null when the page
 * has no WebGL at all (then no pane gets it anyway: webgl-pool.ts).
 */
export function webglRendererName(win: Pick<Window, 'document'> & { WebGLRenderingContext?: unknown }): string | null {
  // A page without WebGL at all (or jsdom, whose canvas would log "not implemented") is no
  // question: no pane gets WebGL there anyway.
  if (win.WebGLRenderingContext === undefined) return null;
  try {
    const canvas = win.document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}
