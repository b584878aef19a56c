import { describe, expect, it } from 'vitest';
import { webglPanesFrom } from '../../../src/renderer/terminals/webgl-panes-flag.ts';
import { isSoftwareRenderer } from '../../../src/renderer/terminals/software-gl.ts';

describe('webglPanesFrom', () => {
  it('gives every visible pane WebGL with a GPU, the focused one only when WebGL is drawn in software', () => {
    expect(webglPanesFrom({ search: '' })).toBe('every-pane');
    expect(webglPanesFrom({ search: '' }, () => false)).toBe('every-pane');
    expect(webglPanesFrom({ search: '' }, () => true)).toBe('focused');
    expect(webglPanesFrom({ search: '?webgl=all' }, () => true)).toBe('focused');
  });

  it('?webgl=focused and ?webgl=every-pane force either, whatever draws WebGL', () => {
    expect(webglPanesFrom({ search: '?webgl=focused' })).toBe('focused');
    expect(webglPanesFrom({ search: '?x=1&webgl=focused' }, () => false)).toBe('focused');
    expect(webglPanesFrom({ search: '?webgl=every-pane' }, () => true)).toBe('every-pane');
    expect(webglPanesFrom({ search: '?webgl=all' })).toBe('every-pane');
  });

  it('asks whether WebGL is software only when nothing is forced', () => {
    let asked = 0;
    const software = () => {
      asked++;
      return true;
    };
    webglPanesFrom({ search: '?webgl=every-pane' }, software);
    expect(asked).toBe(0);
    webglPanesFrom({ search: '' }, software);
    expect(asked).toBe(1);
  });
});

describe('isSoftwareRenderer', () => {
  it("knows the software rasterizers' renderer strings", () => {
    // Chromium's own (headless, or GPU blocklisted), through ANGLE; Mesa's; Windows' WARP.
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('Google SwiftShader')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('Mesa softpipe')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(true);
  });

  it('takes real GPUs for what they are', () => {
    expect(isSoftwareRenderer('ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)')).toBe(false);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Mesa Intel(R) UHD Graphics 620 (KBL GT2)')).toBe(false);
    expect(isSoftwareRenderer('AMD Radeon RX 6800 (radeonsi, navi21, LLVM 15.0.7, DRM 3.49)')).toBe(false);
  });
});
