// The account access tenant id field, as Add session and the session's menu both ask for it: the
// hint says where the id comes from, and turns into what is wrong once there is something to say.
import { TENANT_ID_HINT } from "../domain/tenant-id.js";

export function TenantIdInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** What is wrong with the id, when it is time to say so. */
  problem: string | undefined;
  autoFocus?: boolean;
}) {
  const { id, problem } = props;
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        autoFocus={props.autoFocus}
        placeholder="aa-…"
        spellCheck={false}
        autoCapitalize="off"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={Boolean(problem)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className={problem ? "hint hint-error" : "hint"}>
        {problem ?? TENANT_ID_HINT}
      </p>
    </>
  );
}
