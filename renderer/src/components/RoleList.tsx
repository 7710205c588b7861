import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useMemo, useRef } from "react";
import type { AccountItem, ListItem, ListModel } from "../domain/list-items.js";
import { roleKey } from "../domain/rows.js";
import { openConsole } from "../role-actions.js";
import { useSettings } from "../stores/settings.js";
import { useSelectedIndex } from "../stores/list-model.js";
import { useUi } from "../stores/ui.js";

const HEADER_HEIGHT = 30;
const ACCOUNT_HEIGHT = 78;

/**
 * Every account with its roles as chips, virtualised: only the cards on screen exist in the DOM,
 * so 10,000 accounts scroll like 10. Cards are placed with transforms through React's style prop
 * (CSSOM, which the Content-Security-Policy allows; style attributes in HTML it does not).
 */
export function RoleList({ model }: { model: ListModel }) {
  const scroller = useRef<HTMLDivElement>(null);
  const selected = useSelectedIndex(model);
  const favoriteRefs = useSettings((s) => s.settings.favorites);
  const favorites = useMemo(() => new Set(favoriteRefs.map(roleKey)), [favoriteRefs]);

  // The compiler leaves this component unmemoised: the virtualizer's answers change as the list
  // scrolls, and the component must render again when they do.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: model.items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (model.items[i]?.kind === "header" ? HEADER_HEIGHT : ACCOUNT_HEIGHT),
    getItemKey: (i) => model.items[i]?.key ?? i,
    overscan: 6,
  });

  const selectedItem = model.chipItem[selected];
  useEffect(() => {
    if (selectedItem !== undefined) virtualizer.scrollToIndex(selectedItem, { align: "auto" });
  }, [selectedItem, virtualizer]);

  if (model.items.length === 0) {
    return (
      <div
        className="role-list empty"
        id="role-list"
        role="listbox"
        aria-label="Accounts and roles"
      >
        <p className="muted">
          {useUi.getState().query ? "No account or role matches." : "No accounts yet."}
        </p>
      </div>
    );
  }

  return (
    <div
      ref={scroller}
      className="role-list"
      id="role-list"
      role="listbox"
      aria-label="Accounts and roles"
    >
      <div className="role-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const item = model.items[v.index] as ListItem;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              className="virtual-row"
              style={{ transform: `translateY(${v.start}px)` }}
            >
              {item.kind === "header" ? (
                <h2 className="section-header" role="presentation">
                  {item.label}
                </h2>
              ) : (
                <AccountCard item={item} selected={selected} favorites={favorites} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const AccountCard = memo(function AccountCard({
  item,
  selected,
  favorites,
}: {
  item: AccountItem;
  selected: number;
  favorites: ReadonlySet<string>;
}) {
  const select = useUi((s) => s.select);
  const { account } = item;
  const name = account.alias ?? account.accountName;
  return (
    <div
      className="account"
      data-account-id={account.accountId}
      data-session={account.session}
      style={account.color ? { borderInlineStartColor: account.color } : undefined}
    >
      <div className="account-line">
        <span className="account-name">{name}</span>
        {account.alias && <span className="muted account-real-name">{account.accountName}</span>}
        <span className="account-id mono">{account.accountId}</span>
      </div>
      <div className="account-email muted">{account.emailAddress}</div>
      <div className="chips" role="group" aria-label={`Roles in ${name}`}>
        {item.rows.map((row, i) => {
          const chip = item.firstChip + i;
          return (
            <span
              key={chip}
              id={`chip-${chip}`}
              role="option"
              aria-selected={chip === selected}
              className={chip === selected ? "chip selected" : "chip"}
              data-account-id={row.accountId}
              data-role-name={row.roleName}
              onClick={() => select(chip, row.key)}
              onDoubleClick={() => void openConsole(row)}
            >
              {favorites.has(row.key) && (
                <span className="star" aria-label="favourite">
                  ★{" "}
                </span>
              )}
              {row.roleName}
            </span>
          );
        })}
      </div>
    </div>
  );
});
