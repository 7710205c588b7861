import { useSessions } from "../stores/sessions.js";
import { useUi } from "../stores/ui.js";

/**
 * Banners for `notice` events and failed calls that have no place of their own; each says what
 * to do and can be dismissed.
 */
export function Notices() {
  const all = useUi((s) => s.notices);
  const dismiss = useUi((s) => s.dismiss);
  const onList = useUi((s) => s.screen === "list");
  const sessions = useSessions((s) => s.sessions);
  // A session that ended or ends soon says so on its own line in the list, with the button that
  // fixes it: the same words again up here would say it twice.
  const saidInList = new Set(
    onList
      ? sessions
          .filter((s) => s.state === "sign-in-needed" || s.state === "expiring")
          .map((s) => s.name)
      : [],
  );
  const notices = all.filter((n) => !(n.session && saidInList.has(n.session)));
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`banner banner-${notice.level}`}
          role={notice.level === "error" ? "alert" : "status"}
        >
          <span className="banner-text">
            {notice.session ? <strong>{notice.session}: </strong> : null}
            {notice.message}
          </span>
          <button type="button" className="icon-button" onClick={() => dismiss(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
