// Regenerates templates/json/*.cnn.json from the template builders (a test checks they agree).
import { writeFileSync } from 'node:fs';
import { serializeProject } from '../shared/graph';
import { TEMPLATES } from '../templates';

for (const t of TEMPLATES) {
  const path = new URL(`../templates/json/${t.id}.cnn.json`, import.meta.url);
  writeFileSync(path, serializeProject(t.build()));
  console.log(`wrote templates/json/${t.id}.cnn.json`);
}
