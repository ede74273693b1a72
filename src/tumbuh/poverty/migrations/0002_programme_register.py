"""The programme register's first entries: national social assistance and Bitung's locals."""

from typing import Any

from django.db import migrations

#: code, name, office, partner, highest decile, target group, local
PROGRAMMES = [
    ("pkh", "Program Keluarga Harapan (PKH)", "dinsos", "", 4, "", False),
    ("bpnt", "BPNT / Sembako", "dinsos", "", 5, "", False),
    ("pbi_jkn", "PBI-JKN", "dinsos", "", 5, "", False),
    ("bpjs_pbpu", "BPJS mandiri (PBPU) dibiayai Pemda", "bpjs", "", 6, "", False),
    ("blt_dd", "BLT Dana Desa", "", "Pemerintah Desa/Kelurahan", 2, "", False),
    ("seragam_sekolah", "Seragam sekolah gratis", "pendidikan", "", 4, "", True),
    ("umkm", "Bantuan UMKM", "koperasi", "", 5, "", True),
    ("kopdes_merah_putih", "Anggota Koperasi Merah Putih", "koperasi", "", 6, "", True),
    ("rumpon", "Rumpon untuk nelayan", "perikanan", "", 5, "", True),
    ("csr_paket", "Paket CSR keluarga stunting", "", "Mitra CSR", None, "stunted", True),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Programme = apps.get_model("poverty", "Programme")
    for code, name, office, partner, max_desil, group, local in PROGRAMMES:
        Programme.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "office": office,
                "partner": partner,
                "max_desil": max_desil,
                "target_group": group,
                "local": local,
            },
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("poverty", "Programme").objects.filter(
        code__in=[p[0] for p in PROGRAMMES], receipts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("poverty", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
