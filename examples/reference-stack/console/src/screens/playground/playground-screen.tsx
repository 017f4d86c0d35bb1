import { useMemo, useState } from 'preact/hooks';
import { playgroundChat } from '../../api/chat.js';
import { AsyncContent } from '../../components/async-content.js';
import { ChatPanel } from '../../components/chat/chat-panel.js';
import { EmployeeSelect } from '../../components/employee-select.js';
import { PageHeader } from '../../components/page-header.js';
import { useChat } from '../../hooks/use-chat.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useDirectory } from '../../hooks/use-directory.js';
import { RoutePanel } from './route-panel.js';
import { WorkspacePanel } from './workspace-panel.js';

function PlaygroundSession(props: { employeeId: string; directory: Directory }) {
  const target = useMemo(() => playgroundChat(props.employeeId), [props.employeeId]);
  const chat = useChat(target);
  const name = props.directory.employeeName(props.employeeId);
  const lastRoute = [...chat.state.turns].reverse().find((turn) => turn.route)?.route;
  const answered = chat.state.turns.filter((turn) => turn.status === 'done').length;
  return (
    <div class="playground">
      <ChatPanel
        chat={chat}
        userName="You (testing)"
        agentName={`${name}'s agent`}
        agentSubject={`${name}'s agent`}
        composerLabel={`Message ${name}'s agent`}
        empty={
          <p>
            You chat with {name}'s agent exactly as {name} would, without changing their memory.
          </p>
        }
      />
      <RoutePanel employeeId={props.employeeId} lastRoute={lastRoute} />
      <WorkspacePanel employeeId={props.employeeId} refreshKey={answered} />
    </div>
  );
}

/** Test any employee's agent as them: chat, see the assembled workspace and the route taken. */
export default function PlaygroundScreen() {
  const { resource, reload } = useDirectory();
  const [employeeId, setEmployeeId] = useState('');
  return (
    <>
      <PageHeader
        title="Playground"
        description="Chat as any employee to test their agent. Their memory is read, never written."
      />
      <AsyncContent resource={resource} what="employees" onRetry={reload}>
        {(directory) => (
          <>
            <div class="toolbar">
              <div class="inline-field">
                <label for="playground-employee">Play as</label>
                <EmployeeSelect
                  id="playground-employee"
                  directory={directory}
                  value={employeeId}
                  onChange={setEmployeeId}
                />
              </div>
            </div>
            {employeeId ? (
              <PlaygroundSession key={employeeId} employeeId={employeeId} directory={directory} />
            ) : (
              <p>Choose an employee to start.</p>
            )}
          </>
        )}
      </AsyncContent>
    </>
  );
}
