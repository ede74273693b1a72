"""One person per child across sources: exact NIK first, then probabilistic matching (Splink,
Fellegi-Sunter with EM-estimated weights) on name, birth date, sex, mother's name and kelurahan.
Confident matches form clusters; uncertain pairs go to review. No Django."""

from tumbuh.linkage.model import LinkResult, link_people

__all__ = ["LinkResult", "link_people"]
