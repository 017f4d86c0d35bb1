import { useLocation } from 'preact-iso';
import type { NavigationSection } from '../session/permissions.js';

/** The main navigation: sections of links, the current page marked for assistive technology. */
export function Navigation(props: {
  sections: readonly NavigationSection[];
  id: string;
  open: boolean;
  onNavigate: () => void;
}) {
  const { path } = useLocation();
  const current = `/${path.split('/')[1] ?? ''}`;
  return (
    <nav
      id={props.id}
      class={props.open ? 'navigation navigation-open' : 'navigation'}
      aria-label="Main"
    >
      {props.sections.map((section) => (
        <div class="navigation-section" key={section.label}>
          <h2 class="navigation-heading">{section.label}</h2>
          <ul>
            {section.items.map((item) => (
              <li key={item.href}>
                <a
                  href={item.href}
                  aria-current={item.href === current ? 'page' : undefined}
                  onClick={props.onNavigate}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
