"""Named scenario presets: what each changes by 2030, and how that size was arrived at.

Each effect is the product of a share and a cut, both written here so a planner can check
them (the page shows them with their source or says "assumption"); the reasoning in words is
in dashboard/texts/scenario.<lang>.md. Applying a preset adds its change to what is already
set (compounding), and every number stays editable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    key: str
    category: str
    #: Share of the category the measure touches (0–1) and who takes part (0–1).
    share: float
    uptake: float
    #: How much the measure cuts what it touches (0–1).
    cut: float

    @property
    def change(self) -> float:
        """The category's change in percent, rounded to whole percent."""
        return -round(100 * self.share * self.uptake * self.cut)


PRESETS: tuple[Preset, ...] = (
    # Private cars ≈ half of household transport emissions (assumption); a battery-electric
    # car emits about 65 % less over its life on a European grid (ICCT 2021).
    Preset("electric_cars", "transport", share=0.5, uptake=0.5, cut=0.65),
    # Flights ≈ 30 % of household transport emissions (assumption; Norwegians fly much).
    Preset("halve_flights", "transport", share=0.3, uptake=1.0, cut=0.5),
    # A plant-rich diet cuts diet emissions by about half (Poore & Nemecek 2018; Springmann
    # et al. 2018), taken up by a third of residents.
    Preset("plant_diet", "food", share=1.0, uptake=1 / 3, cut=0.5),
)


def by_key(key: str) -> Preset | None:
    return next((p for p in PRESETS if p.key == key), None)
