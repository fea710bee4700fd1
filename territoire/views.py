from django.shortcuts import render


def territoire_index(request):
    return render(request, "territoire/index.html", {})


def commune_detail(request, code_insee):
    return render(request, "territoire/index.html", {})
