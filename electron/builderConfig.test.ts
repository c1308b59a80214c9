// electron-builder cannot run here (it downloads Electron), but its configuration can be checked
// against electron-builder's own schema, so `npm run dist` does not first fail on a typo.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(__dirname, '..');

describe('electron-builder.yml', () => {
  const yaml = require('js-yaml') as { load(text: string): Record<string, any> };
  const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));

  it('matches the schema of the installed electron-builder', () => {
    // The same schema check electron-builder runs first (app-builder-lib's validateConfiguration).
    const { validateSchema } = require('app-builder-lib/out/util/config/schemaValidator.js') as {
      validateSchema(schema: unknown, config: unknown, options?: { name?: string }): void;
    };
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    expect(() => validateSchema(schema, config, { name: 'electron-builder' })).not.toThrow();
    expect(() => validateSchema(schema, { ...config, nsiss: {} }, { name: 'electron-builder' })).toThrow(
      /unknown property 'nsiss'/,
    );
  });

  it('targets AppImage and deb, nsis and dmg, packaging only the built output', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.files).toEqual(expect.arrayContaining(['dist-electron/**/*', 'dist-web/**/*', '!node_modules/**/*']));
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.main).toBe('dist-electron/main.cjs');
    expect(pkg.scripts.dist).toContain('electron-builder');
  });

  it('ships the app in an integrity-checked asar with the hardening fuses set', () => {
    // asar + onlyLoadAppFromAsar + integrity validation: the packaged app runs only its own, unmodified code.
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false, // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain node
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS=--require=... would inject code
      enableNodeCliInspectArguments: false, // --inspect would open a debugger on main
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Each fuse is one electron-builder knows (a misspelt fuse would be silently ignored otherwise).
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const fuses = schema.definitions.FuseOptionsV1.properties as Record<string, unknown>;
    for (const name of Object.keys(config.electronFuses)) expect(fuses, name).toHaveProperty(name);
  });
});
