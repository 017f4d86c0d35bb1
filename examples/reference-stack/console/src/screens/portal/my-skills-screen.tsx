import { fetchWorkspace } from '../../api/agents.js';
import { fetchSkills } from '../../api/knowledge.js';
import type { Skill, SkillChoice } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { useResource } from '../../hooks/use-resource.js';
import { useSignedIn } from '../../session/session-context.js';

function SkillList(props: {
  choices: readonly SkillChoice[];
  catalog: ReadonlyMap<string, Skill>;
}) {
  return (
    <ul class="card-list">
      {props.choices.map((choice) => {
        const skill = props.catalog.get(choice.name);
        return (
          <li key={choice.name} class="card">
            <h3>{choice.name}</h3>
            {skill ? <p>{skill.description}</p> : null}
            <p class="muted">Why: {choice.because}</p>
          </li>
        );
      })}
    </ul>
  );
}

/** The skills the employee's agent has, and the ones it does not, with the reason for each. */
export default function MySkillsScreen() {
  const { me } = useSignedIn();
  const { resource, reload } = useResource(
    async (signal) => {
      const [workspace, skills] = await Promise.all([
        fetchWorkspace(me.employee.id, 'employee', signal),
        fetchSkills(signal),
      ]);
      return {
        included: workspace.report.skills?.included ?? [],
        excluded: workspace.report.skills?.excluded ?? [],
        catalog: new Map(skills.items.map((skill) => [skill.name, skill])),
      };
    },
    [me.employee.id],
  );
  return (
    <>
      <PageHeader
        title="My skills"
        description="Skills are instructions your agent follows for specific tasks. Your position and department decide which ones it has."
      />
      <AsyncContent resource={resource} what="your skills" onRetry={reload}>
        {(data) => (
          <>
            <section aria-labelledby="included-title">
              <h2 id="included-title">Your agent can use</h2>
              {data.included.length === 0 ? (
                <EmptyState title="Your agent has no skills yet." />
              ) : (
                <SkillList choices={data.included} catalog={data.catalog} />
              )}
            </section>
            <section aria-labelledby="excluded-title">
              <h2 id="excluded-title">Not for your role</h2>
              {data.excluded.length === 0 ? (
                <p>Every skill in the catalog is available to you.</p>
              ) : (
                <details>
                  <summary>{data.excluded.length} skills are for other roles</summary>
                  <SkillList choices={data.excluded} catalog={data.catalog} />
                </details>
              )}
            </section>
          </>
        )}
      </AsyncContent>
    </>
  );
}
