"""B2B meeting scheduling (docs/methods.md#b2b-scheduling), decomposed: slots first, tables after.

1. Slot assignment. A boolean x[r, t] for each requested pair r and each slot t both sides can
   use. Hard rules: Σ_t x[r, t] ≤ 1; for each participant and slot at most one meeting; for
   each participant at most ``max_meetings``; for each slot the meetings of two visitors
   (no fixed table) fit the free tables: Σ x[r, t] ≤ |K| − |tables kept for hosts available in
   t| − locked meetings at free tables. A host's meetings use the host's own table, so they need
   no capacity row. Objectives, lexicographic: (1) max Σ w_r x[r, t]; (2) min idle gaps: for
   participant p and session s, gap[p, s] ≥ last − first + 1 − (meetings of p in s), gap ≥ 0,
   with first ≤ k ≤ last for the position k of every meeting of p in s (exact at the optimum).
   Modules, in the order they run (``pipeline``):
   - ``state``: a greedy warm start (heaviest requests first, then those with fewest usable
     slots, each in the slot next to most meetings of the two sides);
   - ``classes``: the slot-class model: slots that no rule tells apart (same free
     participants, same free tables) merge into one class with |c| times the capacity. This
     removes the slot symmetry that stops CP-SAT from proving optimality; the small model is
     solved exactly by HiGHS (``scipy.optimize.milp``), and its meetings are spread over the
     slots of their class by balanced bipartite edge colouring (``edge_colouring``; CP-SAT
     when the graph is not bipartite). When all fit, (1) is proven optimal;
   - if (1) is not proven yet, until ``SCORE_SHARE`` of the time: ``cpsat`` on the whole slot
     model for small models (≤ ``FULL_MODEL_LIMIT`` variables), stopping when it proves (1);
     for large ones ``lns``, large-neighbourhood search: repeatedly free the meetings among a
     group of related participants, or all meetings in a few slots of one session, and let
     CP-SAT re-solve that part on (1) with everything else fixed;
   - ``compaction`` on (2) with the set of meetings fixed, so (1) never drops: simulated
     annealing whose moves swap Kempe chains of meetings between two slots; it stops early
     when no idle gap is left. On small models it stops after a while without progress, and
     CP-SAT then minimises (2) over the whole slot model with (1) held, stopping when it
     proves (2) optimal.
2. Table assignment, slot by slot in time order: hosts' meetings at their tables; the other
   meetings to free tables by a minimum-cost assignment (``scipy.optimize.linear_sum_assignment``)
   whose cost counts the visitors who would leave the table of their previous meeting (3).

The upper bound on (1): the best of (a) Σ w over pairs that could meet at all, (b) ½ Σ_p of the
``min(max_meetings, available slots)`` largest weights of p's pairs (each meeting counts for two
participants), and (c) the proven bound of the slot-class model (HiGHS; a relaxation of the
slot model) or of the whole slot model (CP-SAT) when it was solved. When the schedule reaches
the bound, (1) is proven optimal.
"""

from tradebridge.forum.scheduling.pipeline import METHODS, schedule

__all__ = ["METHODS", "schedule"]
