// Settings: roles chained from a role of the portal's list, written to ~/.aws/config as the AWS CLI
// reads them (role_arn + source_profile), so `aws --profile`, the SDKs and SSO Tray all use them.
import { useState } from "react";
import { InlineTextField } from "./InlineTextField.js";
import { messageOf, sso } from "../api.js";
import { useAccounts } from "../stores/accounts.js";
import { useSessions } from "../stores/sessions.js";
import { useUi } from "../stores/ui.js";
import { ROLE_ARN_SHAPE } from "../../../shared/iam-shapes.js";

// The same shapes main checks (shared/api.ts addChainedRole); here only to say so while typing.
const ACCOUNT_ID = /^\d{12}$/;

export function ChainedRolesSection() {
  const sessions = useSessions((s) => s.sessions);
  const chained = useAccounts((s) => s.chained);
  const [session, setSession] = useState("");
  const [accountId, setAccountId] = useState("");
  const [roleName, setRoleName] = useState("");
  const [roleArn, setRoleArn] = useState("");
  const [sessionName, setSessionName] = useState("");
  const [externalId, setExternalId] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const chosenSession = session || sessions[0]?.name || "";
  const ready =
    chosenSession !== "" &&
    ACCOUNT_ID.test(accountId.trim()) &&
    roleName.trim() !== "" &&
    ROLE_ARN_SHAPE.test(roleArn.trim());

  const add = async () => {
    setProblem(undefined);
    try {
      const roles = await sso().addChainedRole({
        source: { session: chosenSession, accountId: accountId.trim(), roleName: roleName.trim() },
        roleArn: roleArn.trim(),
        ...(sessionName.trim() ? { sessionName: sessionName.trim() } : {}),
        ...(externalId.trim() ? { externalId: externalId.trim() } : {}),
      });
      useAccounts.getState().setChained(roles);
      useUi.getState().setStatus(`Added the chained role ${roleArn.trim()} to ~/.aws/config`);
      setRoleArn("");
      setExternalId("");
    } catch (error) {
      setProblem(messageOf(error));
    }
  };

  return (
    <section className="field" aria-labelledby="chained-roles-heading">
      <h2 id="chained-roles-heading">Chained roles</h2>
      <p className="hint">
        A role assumed from one of your roles (sts:AssumeRole). It is written to ~/.aws/config as a
        profile with role_arn and source_profile, listed under the role it starts from, and has the
        same actions. <code>ssotray … --profile NAME</code> and <code>aws --profile NAME</code> use
        it too.
      </p>
      {chained.length > 0 && (
        <ul aria-label="Chained roles">
          {chained.map((c) => (
            <li key={`${c.source.session}/${c.profile}`}>
              <code>{c.profile}</code>: {c.roleArn}, from {c.source.roleName} in{" "}
              {c.source.accountId}
            </li>
          ))}
        </ul>
      )}
      <div className="action-row" role="group" aria-label="New chained role">
        {sessions.length > 1 && (
          <label className="inline-field">
            <span className="muted">Session</span>
            <select value={chosenSession} onChange={(e) => setSession(e.target.value)}>
              {sessions.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <InlineTextField
          caption="From account id"
          value={accountId}
          maxLength={12}
          placeholder="111111111111"
          onChange={setAccountId}
        />
        <InlineTextField
          caption="and role"
          name="From role"
          value={roleName}
          maxLength={64}
          placeholder="PowerUserAccess"
          onChange={setRoleName}
        />
        <InlineTextField
          caption="Role ARN to assume"
          value={roleArn}
          maxLength={2048}
          placeholder="arn:aws:iam::222222222222:role/Deploy"
          onChange={setRoleArn}
        />
        <InlineTextField
          caption="Session name"
          name="Role session name"
          value={sessionName}
          maxLength={64}
          placeholder="optional"
          onChange={setSessionName}
        />
        <InlineTextField
          caption="External id"
          value={externalId}
          maxLength={1224}
          placeholder="optional"
          onChange={setExternalId}
        />
        <button type="button" disabled={!ready} onClick={() => void add()}>
          Add chained role
        </button>
        {problem && (
          <p className="hint-error" role="alert">
            {problem}
          </p>
        )}
      </div>
    </section>
  );
}
