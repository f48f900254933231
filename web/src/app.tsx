import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useNavigate, useParams } from 'react-router';
import { createApi, type Me, ok } from './api/client';
import { completeCognitoSignIn, currentToken, signOut as endSession } from './auth/session';
import { ProblemAlert } from './components/problem-alert';
import type { ConsoleConfig } from './config';
import { NotFound } from './pages/not-found';
import { SignIn } from './pages/sign-in';
import { isAgent, isApprover, type Session, SessionContext, seesCalendar } from './session';

/**
 * Screens are routes; each practice's screens are their own lazily loaded chunk. A new practice (changes, knowledge,
 * e-mail quarantine…) adds a folder under pages/, its lazy import and its routes here, and a link in the nav.
 */
const MyTickets = lazy(() => import('./pages/portal/my-tickets'));
const NewIncident = lazy(() => import('./pages/portal/new-incident'));
const TicketPage = lazy(() => import('./pages/ticket/ticket-page'));
const Queues = lazy(() => import('./pages/agent/queues'));
const Assigned = lazy(() => import('./pages/agent/assigned'));
const RoutingRules = lazy(() => import('./pages/admin/routing-rules'));
const Groups = lazy(() => import('./pages/admin/groups'));
const Categories = lazy(() => import('./pages/admin/categories'));
const Services = lazy(() => import('./pages/admin/services'));
const Quarantine = lazy(() => import('./pages/email/quarantine'));
const ChangeList = lazy(() => import('./pages/changes/change-list'));
const NewChange = lazy(() => import('./pages/changes/new-change'));
const ChangePage = lazy(() => import('./pages/changes/change-page'));
const MyApprovals = lazy(() => import('./pages/changes/my-approvals'));
const ChangeCalendar = lazy(() => import('./pages/calendar/change-calendar'));
const Blackouts = lazy(() => import('./pages/admin/blackouts'));
const ChangeTemplates = lazy(() => import('./pages/admin/change-templates'));
const RiskQuestions = lazy(() => import('./pages/admin/risk-questions'));

export function App({ config }: { config: ConsoleConfig }) {
  return (
    <BrowserRouter>
      <Shell config={config} />
    </BrowserRouter>
  );
}

function Shell({ config }: { config: ConsoleConfig }) {
  const navigate = useNavigate();
  const [token, setToken] = useState(currentToken());
  const [me, setMe] = useState<Me | undefined>();
  const [error, setError] = useState<unknown>();
  const api = useMemo(() => createApi(config.apiUrl, currentToken, () => setToken(undefined)), [config]);

  useEffect(() => {
    if (config.auth.kind === 'cognito' && window.location.pathname === '/auth/callback') {
      completeCognitoSignIn(config).then(
        () => {
          setToken(currentToken());
          navigate('/', { replace: true });
        },
        (e: unknown) => setError(e),
      );
    }
  }, [config, navigate]);

  useEffect(() => {
    setMe(undefined);
    if (!token) return;
    api.GET('/me').then(
      (r) => setMe(ok(r)),
      (e: unknown) => setError(e),
    );
  }, [api, token]);

  const signOut = useCallback(() => {
    void endSession(config);
    setToken(undefined);
    navigate('/sign-in');
  }, [config, navigate]);

  if (!token) {
    return (
      <Routes>
        <Route path="*" element={<SignIn config={config} onSignedIn={() => setToken(currentToken())} />} />
      </Routes>
    );
  }
  if (!me) {
    return (
      <main className="page" id="main">
        {error ? <ProblemAlert error={error} /> : <p aria-live="polite">Loading…</p>}
      </main>
    );
  }
  const session: Session = { config, api, me, signOut };
  const agent = isAgent(me);
  const admin = me.roles.includes('admin');
  const calendar = seesCalendar(me);
  const approver = isApprover(me);
  return (
    <SessionContext.Provider value={session}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Nimbus ITSM</span>
        <nav aria-label="Main">
          <ul>
            {agent && (
              <>
                <li>
                  <NavLink to="/agent/queues">Queues</NavLink>
                </li>
                <li>
                  <NavLink to="/agent/assigned">Assigned to me</NavLink>
                </li>
              </>
            )}
            {admin && (
              <>
                <li>
                  <NavLink to="/admin/routing">Routing rules</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/groups">Groups</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/categories">Categories</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/services">Services</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/quarantine">E-mail quarantine</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/blackouts">Blackout windows</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/change-templates">Change templates</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/risk-questions">Risk questions</NavLink>
                </li>
              </>
            )}
            <li>
              <NavLink to="/changes" end>
                Changes
              </NavLink>
            </li>
            {calendar && (
              <li>
                <NavLink to="/calendar">Change calendar</NavLink>
              </li>
            )}
            {approver && (
              <li>
                <NavLink to="/approvals">My approvals</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/portal" end>
                My tickets
              </NavLink>
            </li>
            <li>
              <NavLink to="/portal/new">Raise an incident</NavLink>
            </li>
          </ul>
        </nav>
        <span className="whoami">
          Signed in as <strong>{me.name ?? me.username}</strong>
        </span>
        <button type="button" className="button-secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="page" id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-live="polite">Loading…</p>}>
          <Routes>
            <Route path="/" element={<Navigate to={agent ? '/agent/queues' : '/portal'} replace />} />
            <Route path="/sign-in" element={<Navigate to="/" replace />} />
            <Route path="/auth/callback" element={<Navigate to="/" replace />} />
            <Route path="/incidents/:id" element={<TicketLink agent={agent} />} />
            <Route path="/portal" element={<MyTickets />} />
            <Route path="/portal/new" element={<NewIncident />} />
            <Route path="/portal/tickets/:id" element={<TicketPage mode="portal" />} />
            {agent && <Route path="/agent/queues" element={<Queues />} />}
            {agent && <Route path="/agent/queues/:groupId" element={<Queues />} />}
            {agent && <Route path="/agent/assigned" element={<Assigned />} />}
            {agent && <Route path="/agent/tickets/:id" element={<TicketPage mode="agent" />} />}
            {admin && <Route path="/admin/routing" element={<RoutingRules />} />}
            {admin && <Route path="/admin/groups" element={<Groups />} />}
            {admin && <Route path="/admin/groups/:groupId" element={<Groups />} />}
            {admin && <Route path="/admin/categories" element={<Categories />} />}
            {admin && <Route path="/admin/services" element={<Services />} />}
            {admin && <Route path="/admin/quarantine" element={<Quarantine />} />}
            {admin && <Route path="/admin/quarantine/:id" element={<Quarantine />} />}
            {admin && <Route path="/admin/blackouts" element={<Blackouts />} />}
            {admin && <Route path="/admin/change-templates" element={<ChangeTemplates />} />}
            {admin && <Route path="/admin/risk-questions" element={<RiskQuestions />} />}
            <Route path="/changes" element={<ChangeList />} />
            <Route path="/changes/new" element={<NewChange />} />
            <Route path="/changes/:id" element={<ChangePage />} />
            {calendar && <Route path="/calendar" element={<ChangeCalendar />} />}
            {approver && <Route path="/approvals" element={<MyApprovals />} />}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </main>
    </SessionContext.Provider>
  );
}

/** `/incidents/INC0001001`, the link notification mails carry: the ticket page of the caller's side of the desk. */
function TicketLink({ agent }: { readonly agent: boolean }) {
  const { id = '' } = useParams();
  const ticket = encodeURIComponent(id);
  return <Navigate to={agent ? `/agent/tickets/${ticket}` : `/portal/tickets/${ticket}`} replace />;
}
