import type { Skill } from '@clawforce/core';
import type { Subject } from './subject.js';
import { oneLine } from './text.js';

export interface SkillChoice {
  readonly included: readonly { readonly skill: Skill; readonly because: string }[];
  readonly excluded: readonly { readonly name: string; readonly because: string }[];
}

/**
 * The skills this agent may use. Blocked roles win (`*` blocks everyone), then allowed roles
 * (`*` allows everyone). Digital Twin and unpaired sessions get none: skills assume a verified
 * employee. Sorted by name so the output is stable.
 */
export function chooseSkills(catalog: readonly Skill[], subject: Subject): SkillChoice {
  const roles = new Set(subject.roles);
  const included: { skill: Skill; because: string }[] = [];
  const excluded: { name: string; because: string }[] = [];
  for (const skill of [...catalog].sort((a, b) => a.name.localeCompare(b.name))) {
    if (subject.kind === 'twin' || subject.kind === 'pairing-assistant') {
      excluded.push({
        name: skill.name,
        because:
          subject.kind === 'twin'
            ? 'no skills in Digital Twin sessions'
            : 'no skills before pairing',
      });
      continue;
    }
    const blocked = skill.blockedRoles.find((role) => role === '*' || roles.has(role));
    if (blocked) {
      excluded.push({
        name: skill.name,
        because: blocked === '*' ? 'blocked for everyone' : `blocked for ${blocked}`,
      });
      continue;
    }
    const allowed = skill.allowedRoles.find((role) => role === '*' || roles.has(role));
    if (allowed)
      included.push({
        skill,
        because: allowed === '*' ? 'allowed for everyone' : `allowed for ${allowed}`,
      });
    else
      excluded.push({
        name: skill.name,
        because: `allowed only for ${skill.allowedRoles.join(', ')}`,
      });
  }
  return { included, excluded };
}

/**
 * A skill's SKILL.md in OpenClaw's format: single-line frontmatter keys (the embedded parser
 * reads no others), the description on one line as a JSON string (valid YAML), required
 * environment variables as `metadata.openclaw.requires.env` so OpenClaw gates the skill out when
 * they are missing.
 */
export function renderSkill(skill: Skill): string {
  const metadata =
    skill.requiredEnv.length > 0
      ? `metadata: ${JSON.stringify({ openclaw: { requires: { env: skill.requiredEnv } } })}\n`
      : '';
  return `---\nname: ${skill.name}\ndescription: ${JSON.stringify(oneLine(skill.description))}\nversion: "${skill.version}"\n${metadata}---\n\n${skill.instructions.trim()}\n`;
}
