"""Survey analytics and data quality: prevalence with confidence intervals exactly as WHO's
``anthro_prevalence`` / ``anthroplus_prevalence`` compute them, and a quality grade (SMART) for
every dataset, posyandu or kader. No Django.
"""

from tumbuh.survey.design import Design
from tumbuh.survey.estimate import domain_estimates
from tumbuh.survey.prevalence import Reference, prevalence_table

__all__ = ["Design", "Reference", "domain_estimates", "prevalence_table"]
