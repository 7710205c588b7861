import { useUi } from "../stores/ui.js";

/** Banners for `notice` events and failed calls; each says what to do and can be dismissed. */
export function Notices() {
  const notices = useUi((s) => s.notices);
  const dismiss = useUi((s) => s.dismiss);
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
