import { useEffect, useRef, type KeyboardEvent } from "react";
import { sso } from "../api.js";
import { searchCountText, type ListModel } from "../domain/list-items.js";
import { copyCredentials, openConsole } from "../role-actions.js";
import { useSelectedIndex } from "../stores/list-model.js";
import { useUi } from "../stores/ui.js";

/**
 * The one search box. Focused on open; arrows move the selected role, Enter opens its console,
 * Ctrl/Cmd+C (with no text selected) copies its credentials, → opens its other actions, Escape
 * clears and then hides.
 */
export function SearchBox({ model }: { model: ListModel & { total: number } }) {
  const query = useUi((s) => s.query);
  const setQuery = useUi((s) => s.setQuery);
  const selected = useSelectedIndex(model);
  const selectAt = useUi((s) => s.select);
  const setMore = useUi((s) => s.setMore);
  const select = (index: number) => selectAt(index, model.chips[index]?.key);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const row = model.chips[selected];
    const last = model.chips.length - 1;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        select(Math.min(last, selected + 1));
        return;
      case "ArrowUp":
        event.preventDefault();
        select(Math.max(0, selected - 1));
        return;
      case "PageDown":
        event.preventDefault();
        select(Math.min(last, selected + 10));
        return;
      case "PageUp":
        event.preventDefault();
        select(Math.max(0, selected - 10));
        return;
      case "ArrowRight": {
        // At the end of the text, → opens the selected role's other actions and moves into them.
        const target = event.currentTarget;
        const atEnd =
          target.selectionStart === target.value.length &&
          target.selectionEnd === target.value.length;
        if (atEnd && row) {
          event.preventDefault();
          selectAt(selected, row.key);
          setMore("focus");
        }
        return;
      }
      case "Enter":
        event.preventDefault();
        if (row) void openConsole(row);
        return;
      case "Escape":
        event.preventDefault();
        if (query) setQuery("");
        else void sso().hideWindow({});
        return;
      case "c":
      case "C": {
        const target = event.currentTarget;
        const textSelected = target.selectionStart !== target.selectionEnd;
        if ((event.ctrlKey || event.metaKey) && !textSelected && row) {
          event.preventDefault();
          void copyCredentials(row);
        }
        return;
      }
      default:
    }
  };

  const active = model.chips[selected] ? `chip-${selected}` : undefined;
  return (
    <div className="search">
      <label htmlFor="search" className="visually-hidden">
        Search accounts and roles by name, alias, id or e-mail
      </label>
      <input
        id="search"
        ref={input}
        type="search"
        role="combobox"
        aria-expanded="true"
        aria-controls="role-list"
        aria-activedescendant={active}
        aria-describedby="search-count"
        autoComplete="off"
        spellCheck={false}
        // Short enough to show whole beside the count at 420 px; the label says the rest.
        placeholder="Search accounts and roles"
        title="Names, aliases, ids, e-mails and roles. Enter: open the console · Ctrl/⌘+C: copy credentials · →: more · ↑↓: move · Esc: clear"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <span id="search-count" className="search-count muted" aria-live="polite">
        {searchCountText(query, model.chips, model.total)}
      </span>
    </div>
  );
}
